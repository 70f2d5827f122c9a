// When a master announces its virtual addresses (gratuitous ARPs / unsolicited NAs), with the
// meaning keepalived.conf(5) gives its garp_* options: garp_master_repeat messages per address
// on becoming MASTER and a second set garp_master_delay later (0: none); while MASTER,
// garp_master_refresh_repeat every garp_master_refresh (0: never); and when a lower-priority
// advert is heard as MASTER, garp_lower_prio_repeat now and again after garp_lower_prio_delay
// (0: no second set); and, while MASTER, every garp_extra_if the announcements on the other
// interfaces of its addresses (core/garp_extra.hpp: take_extra_due()). Pure: time comes in,
// counts go out; after every call re-arm a timer to next_deadline() and call on_timer() and
// take_extra_due() then.
#pragma once

#include <chrono>
#include <optional>

#include "types.hpp"

namespace routerd::vrrp {

struct GarpConfig {
    Clock::duration master_delay = std::chrono::seconds(5);
    unsigned master_repeat = 5;
    Clock::duration master_refresh{0};
    unsigned master_refresh_repeat = 1;
    Clock::duration lower_prio_delay = std::chrono::seconds(5);
    unsigned lower_prio_repeat = 5;
    // keepalived.conf(5) garp_extra_if [all] N: every N (0: never) while MASTER, from N after
    // becoming MASTER (as vrrp.c arms vmac_garp_timer); `all`: on every interface of its
    // addresses, not only VMACs.
    Clock::duration extra_if_interval{0};
    bool extra_if_all = false;
    bool operator==(const GarpConfig&) const = default;
};

class GarpSchedule {
  public:
    explicit GarpSchedule(GarpConfig config) : config_(config) {}

    // Each returns how many times to announce every address now.
    unsigned on_master(TimePoint now);
    unsigned on_lower_priority(TimePoint now);
    unsigned on_timer(TimePoint now);
    // Whether the garp_extra_if announcements are due at `now` (then re-armed from `now`).
    bool take_extra_due(TimePoint now);
    // No longer MASTER: nothing more is due.
    void on_leave_master();

    std::optional<TimePoint> next_deadline() const;

  private:
    GarpConfig config_;
    std::optional<TimePoint> master_second_set_;
    std::optional<TimePoint> lower_prio_second_set_;
    std::optional<TimePoint> refresh_;
    std::optional<TimePoint> extra_;
};

}  // namespace routerd::vrrp
