#include "auto_priority.hpp"

#include <algorithm>

namespace routerd::vrrp {

std::optional<int> auto_raised_priority(const ThreadScheduling& scheduling,
                                        std::optional<int> current, TimePoint expired,
                                        TimePoint now) {
    if (scheduling.max_auto_priority <= 0) return std::nullopt;
    // Strictly more than the delay, as Keepalived compares.
    if (now - expired <= scheduling.min_auto_priority_delay) return std::nullopt;
    if (!current) return kLowestRealtimePriority;
    if (*current >= scheduling.max_auto_priority) return std::nullopt;
    return *current + 1;
}

std::optional<int> kept_rise(const ThreadScheduling& scheduling, std::optional<int> raised) {
    if (!raised || scheduling.max_auto_priority <= 0) return std::nullopt;
    return std::min(*raised, scheduling.max_auto_priority);
}

ThreadScheduling with_rise(ThreadScheduling scheduling, std::optional<int> raised) {
    if (raised && *raised > scheduling.rt_priority.value_or(0)) scheduling.rt_priority = raised;
    return scheduling;
}

}  // namespace routerd::vrrp
