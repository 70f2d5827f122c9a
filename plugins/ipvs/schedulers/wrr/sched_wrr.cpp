// The "wrr" scheduler plugin: weighted round-robin (ip_vs_wrr.c).
#include "routerd/ipvs/sched/plugin_adapter.h"
#include "routerd/ipvs/sched/wrr.h"

namespace {

using namespace routerd::ipvs;

struct Core {
    static constexpr std::string_view kName = "wrr";
    static std::unique_ptr<Scheduler> make(const CoreRequest&) {
        return std::make_unique<WeightedRoundRobin>();
    }
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<SchedulerPlugin<Core>>(Core::kName, kSchedulerPluginVersion);
}
