#include "relay_schedule.hpp"

#include <algorithm>
#include <chrono>

namespace routerd::vrrp {

RelayTiming RelayTiming::for_interval(Clock::duration interval) {
    return {interval, interval / 2,
            std::max<Clock::duration>(std::chrono::seconds(1), 3 * interval)};
}

RelayStep relay_step(const RelayTiming& timing, TimePoint now, TimePoint due, TimePoint owner_due) {
    if (now < due + timing.grace) return {false, due, due + timing.grace};
    if (now - owner_due > timing.limit) return {false, due, now + timing.limit};
    // Sent `grace` late: the next one an interval after it, `grace` before its own deadline.
    const TimePoint next = now + timing.interval - timing.grace;
    return {true, next, next + timing.grace};
}

}  // namespace routerd::vrrp
