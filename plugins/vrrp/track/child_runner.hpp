// Runs scripts without blocking the loop: plugins/common's Child forked on the blocking pool,
// its exit watched through its pidfd on the loop, its deadline (SIGTERM, then SIGKILL) timed
// by the loop.
#pragma once

#include <routerd/common/child_process.hpp>

#include <chrono>
#include <functional>
#include <memory>

#include "command.hpp"
#include "tracker.hpp"

namespace routerd::vrrp::track {

using common::ChildOutcome;

class ChildRunner {
  public:
    using Done = std::function<void(const ChildOutcome&)>;

    // keepalived.conf(5): scripts get SIGTERM when they run too long. One that ignores it
    // gets SIGKILL `kill_grace` later, so a stuck script can never wedge a queue.
    explicit ChildRunner(Executors executors,
                         std::chrono::milliseconds kill_grace = common::kDefaultKillGrace);
    ~ChildRunner();
    ChildRunner(const ChildRunner&) = delete;
    ChildRunner& operator=(const ChildRunner&) = delete;

    // On the loop thread. `done` runs on the loop with the outcome, unless stop() came first.
    void run(const Command& command, std::chrono::milliseconds timeout, Done done);

    // Kills (SIGKILL to the process group) and reaps every child; no `done` runs afterwards.
    // Further run() calls are ignored.
    void stop();

    std::size_t running() const;  // children started and not yet reaped, for tests

  private:
    struct Shared;
    struct Running;
    std::shared_ptr<Shared> shared_;
};

}  // namespace routerd::vrrp::track
