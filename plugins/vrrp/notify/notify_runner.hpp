// Runs one instance's (or sync group's) notify scripts strictly in order, off the loop.
#pragma once

#include <functional>
#include <memory>

#include <routerd/common/log_throttle.hpp>

#include "child_runner.hpp"
#include "notify_queue.hpp"
#include "tracker.hpp"

namespace routerd::vrrp::track {

class NotifyRunner {
  public:
    // Called on the loop after each script ends, for logging.
    using Result = std::function<void(const Command&, const ChildOutcome&)>;

    NotifyRunner(Executors executors, NotifyConfig config, Result on_result = {});
    ~NotifyRunner();
    NotifyRunner(const NotifyRunner&) = delete;
    NotifyRunner& operator=(const NotifyRunner&) = delete;

    // On the loop thread; returns at once. The transition's scripts run after every earlier
    // transition's scripts have ended or timed out. When NotifyQueue's capacity is full, the
    // oldest waiting command is dropped and reported to on_result as not started (rate
    // limited: a flapping instance must not flood the log either).
    void notify(NotifyEvent event, int priority);

    bool idle() const;  // nothing running, nothing waiting
    // Kills the running script; drops the waiting ones; no on_result afterwards. To let
    // notify_stop finish at shutdown, wait for idle() first.
    void stop();

  private:
    void run_next();
    void report_dropped(const Command& command);

    NotifyConfig config_;
    Result on_result_;
    NotifyQueue queue_;
    common::LogThrottle drop_log_{3, std::chrono::seconds(10)};
    ChildRunner runner_;
};

}  // namespace routerd::vrrp::track
