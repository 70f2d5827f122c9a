// What a reload does to the running instances (DESIGN.md: "only what changed is touched; a VIP
// held as MASTER is never dropped by a reload that keeps its instance"). Pure: the router
// carries the plan out, in the order given.
#pragma once

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "instance_config.hpp"

namespace routerd::vrrp {

struct ReloadPlan {
    // Not configured any more: each resigns (priority-0 advert, addresses removed,
    // notify_stop, or DELETED with notify_deleted) and goes. In name order, before anything
    // starts.
    std::vector<std::string> remove;
    // Configured as before: not touched.
    std::vector<std::string> keep;

    struct Start {
        enum class Kind {
            add,      // a new instance: starts
            restart,  // changed: the old one resigns as if removed, the new one starts
            // Changed while MASTER on the same interface, VMACs and VRID: the old one stops without
            // resigning, the new one starts as MASTER at once, and neither reports a transition
            // or runs a notify script. Addresses and routes the new configuration keeps stay
            // installed; only the withdrawn ones are removed.
            hand_over,
        };
        std::string name;
        Kind kind = Kind::add;
        std::vector<VirtualAddress> withdrawn_addresses;  // hand_over only
        std::vector<VirtualRoute> withdrawn_routes;       // hand_over only
        std::vector<VirtualRule> withdrawn_rules;         // hand_over only
        bool operator==(const Start&) const = default;
    };
    // In name order, after every removal.
    std::vector<Start> start;
};

// The items of `before` that `after` does not have, in `before`'s order.
template <class T>
std::vector<T> withdrawn(const std::vector<T>& before, const std::vector<T>& after) {
    std::vector<T> out;
    for (const T& item : before) {
        if (std::find(after.begin(), after.end(), item) == after.end()) out.push_back(item);
    }
    return out;
}

// `masters`: the running instances now in MASTER state.
ReloadPlan reload_plan(const std::map<std::string, InstanceConfig>& running,
                       const std::map<std::string, InstanceConfig>& wanted,
                       const std::set<std::string>& masters);

}  // namespace routerd::vrrp
