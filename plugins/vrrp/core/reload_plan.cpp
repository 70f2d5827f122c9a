#include "reload_plan.hpp"

namespace routerd::vrrp {

ReloadPlan reload_plan(const std::map<std::string, InstanceConfig>& running,
                       const std::map<std::string, InstanceConfig>& wanted,
                       const std::set<std::string>& masters) {
    ReloadPlan plan;
    for (const auto& [name, config] : running) {
        if (!wanted.contains(name)) plan.remove.push_back(name);
    }
    for (const auto& [name, config] : wanted) {
        const auto old = running.find(name);
        if (old == running.end()) {
            plan.start.push_back({name, ReloadPlan::Start::Kind::add, {}, {}, {}});
            continue;
        }
        if (old->second == config) {
            plan.keep.push_back(name);
            continue;
        }
        const bool hand_over =
            masters.contains(name) && old->second.interface == config.interface &&
            old->second.params.vrid == config.params.vrid && old->second.vmac == config.vmac &&
            old->second.address_vmacs == config.address_vmacs;
        if (!hand_over) {
            plan.start.push_back({name, ReloadPlan::Start::Kind::restart, {}, {}, {}});
            continue;
        }
        plan.start.push_back({name, ReloadPlan::Start::Kind::hand_over,
                              withdrawn(old->second.addresses, config.addresses),
                              withdrawn(old->second.routes, config.routes),
                              withdrawn(old->second.rules, config.rules)});
    }
    return plan;
}

}  // namespace routerd::vrrp
