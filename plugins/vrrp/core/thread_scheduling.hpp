// What [vrrp] asks of the VRRP thread's scheduling and of routerd's memory: Keepalived's
// global_defs vrrp_priority, vrrp_rt_priority, vrrp_rlimit_rttime and vrrp_no_swap
// (keepalived.conf(5)), which Keepalived applies to its VRRP child process and routerd to its
// VRRP thread ("vrrp"), the one that sends adverts and runs the timers. Locking memory cannot
// be per thread: no_swap locks the whole routerd process. io/thread_scheduler.hpp applies it;
// core/auto_priority.hpp decides the automatic rises of max_auto_priority.
#pragma once

#include <chrono>
#include <optional>

namespace routerd::vrrp {

struct ThreadScheduling {
    std::optional<int> nice;         // -20..19; unset: the nice the thread started with
    std::optional<int> rt_priority;  // SCHED_RR at 1..99; unset: the policy it started with
    // RLIMIT_RTTIME's soft limit while rt_priority is set: CPU time a real-time thread may use
    // without blocking before the kernel sends SIGXCPU (Keepalived's default, 10 ms).
    std::chrono::microseconds rlimit_rttime{10000};
    bool no_swap = false;  // mlockall(MCL_CURRENT | MCL_FUTURE): the whole process
    // Keepalived's max_auto_priority: the highest SCHED_RR priority the thread rises to by
    // itself when its timers run late; 0 (Keepalived's default) never rises.
    int max_auto_priority = 0;
    // Keepalived's min_auto_priority_delay: how late a timer may run without a rise (1 s).
    std::chrono::microseconds min_auto_priority_delay{1000000};

    bool operator==(const ThreadScheduling&) const = default;
};

}  // namespace routerd::vrrp
