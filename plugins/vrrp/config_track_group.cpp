#include "config_track_group.hpp"

#include <algorithm>
#include <map>

namespace routerd::vrrp {

using sdk::Config;

bool read_static_track(const Config& item, bool no_track, const std::string& interface,
                       std::vector<StaticTrack>& out) {
    if (item.type() != ROUTERD_CONFIG_TABLE) return true;
    const Config node = item["track_group"];
    const std::optional<std::string> group = node.string();
    if (!group) return !node.present();
    if (no_track) {
        // Keepalived 2.2.7 logs "has both track_group and no_track set - not tracking".
        node.error("contradicts no_track = true (an item that is not watched cannot be tracked)");
        return false;
    }
    out.push_back({*group, interface, node});
    return true;
}

bool apply_track_groups(const Config& vrrp, const std::vector<StaticTrack>& tracks, VrrpConfig& c) {
    bool ok = true;
    std::map<std::string, std::vector<std::string>> groups;
    for (const auto& [name, node] : vrrp["track_group"].entries()) {
        std::vector<std::string>& members = groups[name];
        for (const Config& member : node["group"].items()) {
            const std::optional<std::string> instance = member.string();
            if (instance && !c.instances.contains(*instance)) {
                member.error("'" + *instance + "' is not a vrrp instance");
                ok = false;
            } else if (instance) {
                members.push_back(*instance);
            }
        }
        if (node["group"].items().empty()) {
            node["group"].error("is required: the instances that track the group's items");
            ok = false;
        }
    }
    for (const StaticTrack& track : tracks) {
        const auto group = groups.find(track.group);
        if (group == groups.end()) {
            track.node.error("'" + track.group + "' is not defined under [vrrp.track_group]");
            ok = false;
            continue;
        }
        if (track.interface.empty()) continue;  // Keepalived tracks nothing for it either
        for (const std::string& member : group->second) {
            std::vector<TrackRef>& refs = c.instances.at(member).tracks;
            const auto own = std::find_if(refs.begin(), refs.end(), [&](const TrackRef& t) {
                return t.kind == TrackKind::interface && t.name == track.interface;
            });
            // Weight 0: down means FAULT, also where the instance tracks it with a weight.
            const std::string by = "track_group " + track.group;
            if (own == refs.end()) {
                refs.push_back({TrackKind::interface, track.interface, 0, false, by});
            } else {
                own->weight = 0;
                own->by = by;
            }
        }
    }
    return ok;
}

}  // namespace routerd::vrrp
