#include "reload_plan.hpp"

#include <algorithm>

namespace routerd::vrrp {
namespace {

// The items of `before` that `after` does not have.
template <class T>
std::vector<T> withdrawn(const std::vector<T>& before, const std::vector<T>& after) {
    std::vector<T> out;
    for (const T& item : before) {
        if (std::find(after.begin(), after.end(), item) == after.end()) out.push_back(item);
    }
    return out;
}

}  // namespace

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
            plan.start.push_back({name, ReloadPlan::Start::Kind::add, {}, {}});
            continue;
        }
        if (old->second == config) {
            plan.keep.push_back(name);
            continue;
        }
        const bool hand_over =
            masters.contains(name) && old->second.interface == config.interface &&
            old->second.params.vrid == config.params.vrid && old->second.vmac == config.vmac;
        if (!hand_over) {
            plan.start.push_back({name, ReloadPlan::Start::Kind::restart, {}, {}});
            continue;
        }
        plan.start.push_back({name, ReloadPlan::Start::Kind::hand_over,
                              withdrawn(old->second.addresses, config.addresses),
                              withdrawn(old->second.routes, config.routes)});
    }
    return plan;
}

}  // namespace routerd::vrrp
