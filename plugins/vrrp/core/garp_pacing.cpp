#include "garp_pacing.hpp"

namespace routerd::vrrp {

GarpPacing::GarpPacing(GarpPacingConfig config) : config_(std::move(config)) {
    for (size_t i = 0; i < config_.groups.size(); ++i) {
        for (const std::string& interface : config_.groups[i].interfaces)
            group_of_.emplace(interface, i);
    }
}

GarpLane GarpPacing::lane(const std::string& interface, Family family) const {
    const auto group = group_of_.find(interface);
    if (group == group_of_.end()) return {std::nullopt, interface, family};
    return {group->second, "", family};
}

Clock::duration GarpPacing::interval(const GarpLane& lane) const {
    const bool arp = lane.family == Family::ipv4;
    if (lane.group && *lane.group < config_.groups.size()) {
        const GarpGroup& group = config_.groups[*lane.group];
        return arp ? group.garp_interval : group.gna_interval;
    }
    return arp ? config_.garp_interval : config_.gna_interval;
}

}  // namespace routerd::vrrp
