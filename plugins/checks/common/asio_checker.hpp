#pragma once

#include <routerd/plugin.hpp>

#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

#include "io_thread.hpp"

namespace routerd::checks {

// A checker whose probes run as operations on the checker's own event loops: up to one per
// core, as HAProxy runs its checks on one thread per core, so that 10,000 connects a second
// are not one thread's work. Each probe is bound to one loop (its attempts never overlap).
// Probes fill a loop before the next one gets any: every loop that has work wakes for each
// batch of attempts and each answer, and a wake-up is a context switch, so a checker with a
// few thousand checks is cheaper on one loop than spread over all.
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
    // The loop for a new probe; on the plugin's strand, as create_probe is.
    IoThread& io() { return *loops_[(probes_made_++ / kProbesPerLoop) % loops_.size()]; }

  private:
    // What one loop takes at ease: 5,000 attempts a second at the common delay_loop of 1 s.
    static constexpr size_t kProbesPerLoop = 5000;

    static std::vector<std::unique_ptr<IoThread>> one_loop_per_core() {
        std::vector<std::unique_ptr<IoThread>> loops(
            std::max(1u, std::thread::hardware_concurrency()));
        for (auto& loop : loops)
            loop = std::make_unique<IoThread>();
        return loops;
    }

    std::vector<std::unique_ptr<IoThread>> loops_ = one_loop_per_core();
    size_t probes_made_ = 0;
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
