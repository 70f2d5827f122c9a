// Which pacing a gratuitous ARP / unsolicited NA leaving an interface waits for
// (keepalived.conf(5) garp_group): the interfaces of one garp_group share one ARP lane and one NA
// lane, paced by the group's garp_interval / gna_interval ("a group of interfaces ... linked to
// the same switch and the limits apply to the switch as a whole"); an interface in no group has
// lanes of its own, paced by the global vrrp_garp_interval / vrrp_gna_interval. Pure: names in,
// lanes out; core/paced_queue.hpp does the waiting.
#pragma once

#include <compare>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "types.hpp"

namespace routerd::vrrp {

struct GarpGroup {
    Clock::duration garp_interval{0};
    Clock::duration gna_interval{0};
    std::vector<std::string> interfaces;
    bool operator==(const GarpGroup&) const = default;
};

struct GarpPacingConfig {
    Clock::duration garp_interval{0};  // interfaces in no group
    Clock::duration gna_interval{0};
    std::vector<GarpGroup> groups;  // an interface is in one group at most
    bool operator==(const GarpPacingConfig&) const = default;
};

// The queue a message waits in: messages of one lane leave at most one per `interval`.
struct GarpLane {
    std::optional<size_t> group;  // its index in GarpPacingConfig::groups ...
    std::string interface;        // ... or the interface in no group
    Family family = Family::ipv4;
    auto operator<=>(const GarpLane&) const = default;
};

class GarpPacing {
  public:
    explicit GarpPacing(GarpPacingConfig config = {});

    GarpLane lane(const std::string& interface, Family family) const;
    Clock::duration interval(const GarpLane& lane) const;

  private:
    GarpPacingConfig config_;
    std::map<std::string, size_t> group_of_;  // interface -> index in config_.groups
};

}  // namespace routerd::vrrp
