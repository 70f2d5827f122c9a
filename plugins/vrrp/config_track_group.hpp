// keepalived.conf(5) "Static track groups": [vrrp.track_group.NAME] group = [instances], and the
// track_group option of the [vrrp] static_ipaddress, static_routes and static_rules items
// (internal to config.cpp). Keepalived 2.2.7 makes each instance of the group track the
// interface of each such item (an address's dev, a route's dev, a rule's iif) as track_interface
// with weight 0 does: the instance is in FAULT while that interface is down or gone, where its
// items cannot be restored (an item deleted by hand while its interface is up is re-added at
// once, core/static_watch.hpp, and the instance stays as it is).
#pragma once

#include <routerd/plugin.hpp>

#include <string>
#include <vector>

#include "config.hpp"

namespace routerd::vrrp {

// A static item's track_group: the group it names and the interface it goes through.
struct StaticTrack {
    std::string group;
    std::string interface;  // empty: none (a blackhole route, a rule without iif)
    sdk::Config node;       // its track_group key, for errors
};

// Reads the track_group of the static item `item` (a table) into `out`; false after reporting
// one that no_track contradicts.
bool read_static_track(const sdk::Config& item, bool no_track, const std::string& interface,
                       std::vector<StaticTrack>& out);

// Reads [vrrp.track_group] and adds the interface of each item of `tracks` to the tracks of its
// group's instances; false after reporting a group that is not defined, an empty one or a
// member that is not an instance.
bool apply_track_groups(const sdk::Config& vrrp, const std::vector<StaticTrack>& tracks,
                        VrrpConfig& c);

}  // namespace routerd::vrrp
