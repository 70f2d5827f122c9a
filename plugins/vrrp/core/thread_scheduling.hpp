// What [vrrp] asks of the VRRP thread's scheduling and of routerd's memory: Keepalived's
// global_defs vrrp_priority, vrrp_rt_priority, vrrp_rlimit_rttime and vrrp_no_swap
// (keepalived.conf(5)), which Keepalived applies to its VRRP child process and routerd to its
// VRRP thread ("vrrp"), the one that sends adverts and runs the timers. Locking memory cannot
// be per thread: no_swap locks the whole routerd process. io/thread_scheduler.hpp applies it.
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

    bool operator==(const ThreadScheduling&) const = default;
};

}  // namespace routerd::vrrp
