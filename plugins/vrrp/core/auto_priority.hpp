// Keepalived's automatic priority increase (keepalived.conf(5) max_auto_priority and
// min_auto_priority_delay): when the VRRP loop runs a timer more than min_auto_priority_delay
// after the timer expired, the system is too busy for VRRP's timing. The thread then switches
// to real-time scheduling (SCHED_RR) at the lowest real-time priority and, at each further late
// timer, rises by one, up to max_auto_priority. Keepalived checks its earliest timer at every
// wake-up (scheduler.c) and rises in increment_process_priority() (process.c); routerd checks
// the VRRP loop's heartbeat timer, which expires every second. Pure: times in, priorities out.
#pragma once

#include <optional>

#include "thread_scheduling.hpp"
#include "types.hpp"

namespace routerd::vrrp {

// sched_get_priority_min(SCHED_RR) on Linux: where a thread that was not real-time starts.
inline constexpr int kLowestRealtimePriority = 1;

// The SCHED_RR priority the thread rises to when a timer that expired at `expired` runs at
// `now`, the thread running at real-time priority `current` (nullopt: not real-time); nullopt
// when it stays: max_auto_priority is 0, the timer was not late enough, or the thread is at
// max_auto_priority (or above it, by its own rt_priority) already.
std::optional<int> auto_raised_priority(const ThreadScheduling& scheduling,
                                        std::optional<int> current, TimePoint expired,
                                        TimePoint now);

// What remains of an automatic rise to `raised` under a (re)loaded `scheduling`: the rise is kept
// across a reload as Keepalived keeps it, lowered to a lower max_auto_priority, and dropped when
// max_auto_priority is 0.
std::optional<int> kept_rise(const ThreadScheduling& scheduling, std::optional<int> raised);

// `scheduling` with the rise applied: rt_priority becomes `raised` where that is higher.
ThreadScheduling with_rise(ThreadScheduling scheduling, std::optional<int> raised);

}  // namespace routerd::vrrp
