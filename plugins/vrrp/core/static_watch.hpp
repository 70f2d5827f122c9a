// keepalived.conf(5) static_ipaddress, static_routes and static_rules are kept in place: what
// Keepalived 2.2.7 does when rtnetlink reports one of them deleted, or their interface back up.
// Pure: the io layer decodes the kernel's messages into KernelChange, the router re-adds what
// on_change() returns.
//  - An item deleted by someone else (`ip address del`, `ip route del`, `ip rule del`) is re-added
//    at once ("Restoring deleted static address"), unless no_track; the instances do not change
//    state for it (a track_group's instances track the item's interface, config_track_group.hpp).
//  - An interface that comes up (again, or is made again) gets its static addresses and routes
//    back (the kernel drops its routes when it goes down, and its addresses when it goes).
// A route the kernel drops without a message (IPv4 routes through a gateway whose subnet went
// with a deleted address) is not seen, by Keepalived either, and stays away.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "types.hpp"
#include "virtual_address.hpp"
#include "virtual_route.hpp"
#include "virtual_rule.hpp"

namespace routerd::vrrp {

struct StaticItems {
    std::vector<VirtualAddress> addresses;
    std::vector<VirtualRoute> routes;
    std::vector<VirtualRule> rules;
    bool empty() const { return addresses.empty() && routes.empty() && rules.empty(); }
    bool operator==(const StaticItems&) const = default;
};

// RTM_NEWLINK: an interface's name and whether it is up with carrier (IFF_UP and IFF_RUNNING).
struct LinkState {
    int index = 0;
    std::string name;
    bool up = false;
};
// RTM_DELADDR: IFA_LOCAL (or IFA_ADDRESS) and ifa_prefixlen on interface `index`.
struct DeletedAddress {
    int index = 0;
    IpAddress address;
    std::uint8_t prefix = 0;
};
// RTM_DELROUTE: what identifies a route (rtmsg and RTA_DST, RTA_TABLE).
struct DeletedRoute {
    IpAddress destination;
    std::uint8_t prefix = 0;
    std::uint32_t table = 0;
    std::uint8_t protocol = 0;
    std::uint8_t tos = 0;
    std::uint8_t type = 0;  // rtm_type
};
// RTM_DELRULE: what identifies a rule (fib_rule_hdr and FRA_SRC, FRA_DST, FRA_PRIORITY,
// FRA_TABLE, FRA_PROTOCOL).
struct DeletedRule {
    Family family = Family::ipv4;
    std::optional<RulePrefix> from;
    std::optional<RulePrefix> to;
    std::optional<std::uint32_t> priority;
    std::uint32_t table = 0;
    std::uint8_t protocol = 0;
};
using KernelChange = std::variant<LinkState, DeletedAddress, DeletedRoute, DeletedRule>;

class StaticWatch {
  public:
    // The static items installed from now on.
    void set(StaticItems statics) { statics_ = std::move(statics); }
    const StaticItems& statics() const { return statics_; }
    // Whether any static route or rule is watched: the router needs the kernel's route and rule
    // messages only then.
    bool watches_routes() const;
    // What to re-add after `change`; a LinkState also teaches the interface's name.
    StaticItems on_change(const KernelChange& change);

  private:
    StaticItems deleted_address(const DeletedAddress& deleted) const;
    StaticItems deleted_route(const DeletedRoute& deleted) const;
    StaticItems deleted_rule(const DeletedRule& deleted) const;
    StaticItems link_state(const LinkState& state);

    StaticItems statics_;
    std::map<int, std::string> names_;  // interface index -> name
    std::map<std::string, bool> up_;    // by name, as last reported
};

}  // namespace routerd::vrrp
