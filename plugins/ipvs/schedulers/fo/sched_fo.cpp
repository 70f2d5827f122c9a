// The "fo" scheduler plugin: weighted failover (ip_vs_fo.c).
#include "routerd/ipvs/sched/fo.h"
#include "routerd/ipvs/sched/plugin_adapter.h"

namespace {

using namespace routerd::ipvs;

struct Core {
    static constexpr std::string_view kName = "fo";
    static std::unique_ptr<Scheduler> make(const CoreRequest&) {
        return std::make_unique<WeightedFailover>();
    }
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<SchedulerPlugin<Core>>(Core::kName, kSchedulerPluginVersion);
}
