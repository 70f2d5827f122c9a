// Applies core/thread_scheduling.hpp to the VRRP thread (sched_setscheduler, setpriority and
// setrlimit on its thread id) and to the process (mlockall).
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "thread_scheduling.hpp"

namespace routerd::vrrp {

// Applies ThreadSchedulings to the thread that calls it, and takes back what a later one no
// longer asks for (the nice, policy and RLIMIT_RTTIME the thread had before the first; memory
// unlocked). What is unset and was never set is not touched: a systemd unit's Nice= or
// CPUSchedulingPolicy= stays.
class ThreadScheduler {
  public:
    struct Outcome {
        std::vector<std::string> applied;  // "SCHED_RR priority 50", for the log
        std::vector<std::string> refused;  // what the kernel refused, and what it needs
    };

    // Every call must come from the thread to schedule.
    Outcome apply(const ThreadScheduling& wanted);
    // The SCHED_RR priority the thread runs at, as the kernel accepted it (none: not real-time).
    std::optional<int> rt_priority() const { return current_.rt_priority; }

  private:
    struct Before {  // the thread as it was before the first apply()
        pid_t tid;
        int nice;
        int policy;
        int priority;
        rlim_t rttime;
    };
    void apply_realtime(const ThreadScheduling& wanted, Outcome& out);
    void apply_nice(const ThreadScheduling& wanted, Outcome& out);
    void apply_no_swap(const ThreadScheduling& wanted, Outcome& out);

    std::optional<Before> before_;
    ThreadScheduling current_;  // what the kernel accepted
};

}  // namespace routerd::vrrp
