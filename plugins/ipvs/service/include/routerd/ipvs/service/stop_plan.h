// What the ipvs service does when routerd stops, the way Keepalived does it:
// - keepalived(8): it removes the IPVS topology it configured, unless started with
//   --dont-release-ipvs (-I), which leaves it in place (Model::keep_on_stop here);
// - keepalived.conf(5) omega: "on daemon shutdown, consider quorum and RS down notifiers for
//   execution, where appropriate": the real servers that leave run notify_down, and the
//   virtual server quorum_down if it had quorum. Keepalived runs them while it removes the
//   services (check/ipwrapper.c clear_service_rs), so with -I nothing leaves and none runs.
// Pure: the plugin hands the table over, publishes the transitions and runs the scripts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "routerd/ipvs/service/desired_table.h"
#include "routerd/ipvs/service/model.h"
#include "routerd/ipvs/service/transitions.h"
#include "routerd/ipvs/table/table.h"

namespace routerd::ipvs {

struct StopPlan {
    // The table for the forwarder: empty, so that every service routerd applied goes (the
    // kernel forwarder leaves the ones it did not apply alone); nullopt with keep_on_stop.
    std::optional<Table> table;
    // The real servers of omega virtual servers that leave the table, reason "stopping".
    std::vector<Transition> transitions;
    // Their notify_down scripts, then quorum_down of each omega virtual server with quorum.
    std::vector<std::string> scripts;
    // The notify FIFO's lines for the same: each real server's RS DOWN, then VS DOWN.
    std::vector<std::string> fifo_lines;
};

// `applied`: the table the forwarder has now.
StopPlan stop_plan(const Model& model, const RuntimeState& state, const Table& applied);

}  // namespace routerd::ipvs
