#pragma once

#include <routerd/plugin.hpp>

#include <memory>

#include "io_thread.hpp"

namespace routerd::checks {

// A checker whose probes run as operations on the checker's own IoThread.
class AsioChecker : public sdk::Checker {
  public:
    using Checker::Checker;
    void start() override { io_.start(); }
    void stop() override { io_.stop(); }

  protected:
    IoThread& io() { return io_; }

  private:
    IoThread io_;
};

// A probe whose every run starts a fresh Operation (a ProbeOperation constructed from the
// loop, the host's completion and the check's immutable settings).
template <class Operation, class Settings>
class OperationProbe : public sdk::Probe {
  public:
    OperationProbe(IoThread& io, Settings settings)
        : io_(io), settings_(std::make_shared<const Settings>(std::move(settings))) {}

    void run(std::chrono::nanoseconds timeout, sdk::ProbeDone done) override {
        std::make_shared<Operation>(io_.context(), std::move(done), settings_)->start(timeout);
    }

  private:
    IoThread& io_;
    std::shared_ptr<const Settings> settings_;
};

}  // namespace routerd::checks
