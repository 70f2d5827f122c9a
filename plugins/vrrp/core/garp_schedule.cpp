#include "garp_schedule.hpp"

#include <algorithm>

namespace routerd::vrrp {
namespace {

std::optional<TimePoint> after(TimePoint now, Clock::duration delay, unsigned repeat) {
    if (delay <= Clock::duration::zero() || repeat == 0) return std::nullopt;
    return now + delay;
}

// Whether `at` is due by `now`; a due deadline is cleared.
bool take_due(std::optional<TimePoint>& at, TimePoint now) {
    if (!at || now < *at) return false;
    at.reset();
    return true;
}

}  // namespace

unsigned GarpSchedule::on_master(TimePoint now) {
    master_second_set_ = after(now, config_.master_delay, config_.master_repeat);
    lower_prio_second_set_.reset();
    refresh_ = after(now, config_.master_refresh, config_.master_refresh_repeat);
    extra_ = after(now, config_.extra_if_interval, 1);
    return config_.master_repeat;
}

unsigned GarpSchedule::on_lower_priority(TimePoint now) {
    // Keepalived re-arms the second set on every such advert; the machine lets at most one
    // through per advert interval.
    lower_prio_second_set_ = after(now, config_.lower_prio_delay, config_.lower_prio_repeat);
    return config_.lower_prio_repeat;
}

unsigned GarpSchedule::on_timer(TimePoint now) {
    unsigned count = 0;
    if (take_due(master_second_set_, now)) count += config_.master_repeat;
    if (take_due(lower_prio_second_set_, now)) count += config_.lower_prio_repeat;
    if (take_due(refresh_, now)) {
        count += config_.master_refresh_repeat;
        refresh_ = now + config_.master_refresh;
    }
    return count;
}

bool GarpSchedule::take_extra_due(TimePoint now) {
    if (!take_due(extra_, now)) return false;
    extra_ = now + config_.extra_if_interval;
    return true;
}

void GarpSchedule::on_leave_master() {
    master_second_set_.reset();
    lower_prio_second_set_.reset();
    refresh_.reset();
    extra_.reset();
}

std::optional<TimePoint> GarpSchedule::next_deadline() const {
    std::optional<TimePoint> next;
    for (const auto& at : {master_second_set_, lower_prio_second_set_, refresh_, extra_}) {
        if (at && (!next || *at < *next)) next = at;
    }
    return next;
}

}  // namespace routerd::vrrp
