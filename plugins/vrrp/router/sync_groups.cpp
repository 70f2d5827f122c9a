#include "sync_groups.hpp"

namespace routerd::vrrp {

void SyncGroups::build(const std::map<std::string, SyncGroupConfig>& configs,
                       const std::map<std::string, std::unique_ptr<Instance>>& instances) {
    clear();
    for (const auto& [name, config] : configs) {
        Group group{config, {}, nullptr, State::initialize};
        std::vector<Machine*> machines;
        for (const std::string& member : config.members) {
            Instance& instance = *instances.at(member);
            group.members.push_back(&instance);
            machines.push_back(instance.machine());
        }
        group.sync = std::make_unique<SyncGroup>(machines);
        set_group_state(outputs_.metrics, name, group.state);
        groups_.emplace(name, std::move(group));
    }
}

void SyncGroups::reconcile(std::string_view reason) {
    const TimePoint now = std::chrono::steady_clock::now();
    for (auto& [name, group] : groups_) {
        for (const SyncGroup::MemberActions& member : group.sync->reconcile(now)) {
            group.members[member.member]->run(member.actions, "sync group " + name);
        }
        if (group.sync->state() == group.state) continue;
        const State from = std::exchange(group.state, group.sync->state());
        set_group_state(outputs_.metrics, name, group.state);
        outputs_.say(kInfo, "sync group " + name + ": " + std::string(vrrp::name(from)) + " -> " +
                                std::string(vrrp::name(group.state)));
        if (outputs_.transition) {
            outputs_.transition(Transition{name, true, from, group.state, 0, "",
                                           std::string(reason), group.config.notify,
                                           group.config.smtp_alert, false});
        }
        notifiers_.notify(true, name, group.config.notify, group.state, std::nullopt, 0);
    }
}

void SyncGroups::clear() {
    for (const auto& [name, group] : groups_)
        hide_group(outputs_.metrics, name);
    groups_.clear();
}

}  // namespace routerd::vrrp
