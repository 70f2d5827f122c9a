#include "routerd/ipvs/userspace/apply_plan.h"

#include <set>

namespace routerd::ipvs::userspace {

ApplyPlan plan_apply(const std::map<std::string, ServiceSpec>& running,
                     const DesiredTable& desired) {
    ApplyPlan plan;
    std::set<std::string> wanted;
    for (std::size_t i = 0; i < desired.services.size(); ++i) {
        const ServiceSpec& s = desired.services[i];
        wanted.insert(s.endpoint());
        const auto it = running.find(s.endpoint());
        if (it == running.end()) {
            plan.added.push_back(i);
        } else {
            const bool new_scheduler =
                it->second.scheduler != s.scheduler || it->second.flags != s.flags;
            plan.kept.push_back({i, new_scheduler});
        }
    }
    for (const auto& [endpoint, spec] : running) {
        if (!wanted.contains(endpoint)) {
            plan.removed.push_back(endpoint);
        }
    }
    return plan;
}

}  // namespace routerd::ipvs::userspace
