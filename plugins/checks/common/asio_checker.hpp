#pragma once

#include <routerd/plugin.hpp>

#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

#include "io_thread.hpp"

namespace routerd::checks {

// A checker whose probes run as operations on the checker's own event loops: one per core,
// as HAProxy runs its checks on one thread per core, so that 10,000 connects a second are
// not one thread's work. Each probe is bound to one loop (its attempts never overlap).
class AsioChecker : public sdk::Checker {
  public:
    using Checker::Checker;
    void start() override {
        for (auto& loop : loops_)
            loop->start();
    }
    void stop() override {
        for (auto& loop : loops_)
            loop->stop();
    }

  protected:
    // The loop for a new probe (in turn); on the plugin's strand, as create_probe is.
    IoThread& io() { return *loops_[next_loop_++ % loops_.size()]; }

  private:
    static std::vector<std::unique_ptr<IoThread>> one_loop_per_core() {
        std::vector<std::unique_ptr<IoThread>> loops(
            std::max(1u, std::thread::hardware_concurrency()));
        for (auto& loop : loops)
            loop = std::make_unique<IoThread>();
        return loops;
    }

    std::vector<std::unique_ptr<IoThread>> loops_ = one_loop_per_core();
    size_t next_loop_ = 0;
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
