#include "routerd/ipvs/service/stop_plan.h"

#include "routerd/ipvs/service/fifo_lines.h"
#include "routerd/ipvs/service/kernel_settings.h"
#include "routerd/ipvs/table/reconciler.h"

namespace routerd::ipvs {

StopPlan stop_plan(const Model& model, const RuntimeState& state, const Table& applied) {
    StopPlan plan;
    if (model.keep_on_stop) return plan;
    plan.table = Table{};
    plan.table->kernel = stopping_kernel_settings(model);
    // Seen through a model of the omega virtual servers alone, the others' real servers
    // belong to no virtual server: they leave silently, as in Keepalived.
    Model omega = model;
    std::erase_if(omega.virtual_servers, [](const VirtualServer& vs) { return !vs.omega; });
    for (Transition& t : transitions(reconcile(applied, *plan.table), omega, state, {})) {
        if (t.virtual_server.empty()) continue;
        t.reason = "stopping";
        plan.transitions.push_back(std::move(t));
    }
    const std::vector<RealServerNotice> notices = real_server_notices(plan.transitions, omega);
    plan.scripts = notify_scripts(notices);
    for (const RealServerNotice& notice : notices)
        plan.fifo_lines.push_back(real_server_fifo_line(notice));
    for (const VirtualServer& vs : omega.virtual_servers) {
        if (!state.has_quorum(vs.name)) continue;
        if (!vs.quorum_down.empty()) plan.scripts.push_back(vs.quorum_down);
        plan.fifo_lines.push_back(virtual_server_fifo_line(vs, false));
    }
    return plan;
}

}  // namespace routerd::ipvs
