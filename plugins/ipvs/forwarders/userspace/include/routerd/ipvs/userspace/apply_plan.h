// What apply() must do to go from the running services to a desired table: services are
// identified by their endpoint (protocol, address, port), the thing a listener binds, so a
// service that stays keeps its listeners and open connections whatever else changes.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "routerd/ipvs/userspace/desired_table.h"

namespace routerd::ipvs::userspace {

struct ApplyPlan {
    std::vector<std::size_t> added;  // indices into the desired table: new listeners
    struct Kept {
        std::size_t index;   // into the desired table
        bool new_scheduler;  // the scheduler or its flags changed: a new instance
    };
    std::vector<Kept> kept;            // reconfigured in place
    std::vector<std::string> removed;  // endpoints whose listeners close
};

// `running` maps each running service's endpoint to its spec.
ApplyPlan plan_apply(const std::map<std::string, ServiceSpec>& running,
                     const DesiredTable& desired);

}  // namespace routerd::ipvs::userspace
