// The "wlc" scheduler plugin: weighted least-connection (ip_vs_wlc.c).
#include "routerd/ipvs/sched/plugin_adapter.h"
#include "routerd/ipvs/sched/wlc.h"

namespace {

using namespace routerd::ipvs;

struct Core {
    static constexpr std::string_view kName = "wlc";
    static std::unique_ptr<Scheduler> make(const CoreRequest&) {
        return std::make_unique<WeightedLeastConnection>();
    }
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<SchedulerPlugin<Core>>(Core::kName, kSchedulerPluginVersion);
}
