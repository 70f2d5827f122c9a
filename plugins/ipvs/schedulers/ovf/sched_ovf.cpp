// The "ovf" scheduler plugin: weighted overflow (ip_vs_ovf.c).
#include "routerd/ipvs/sched/ovf.h"
#include "routerd/ipvs/sched/plugin_adapter.h"

namespace {

using namespace routerd::ipvs;

struct Core {
    static constexpr std::string_view kName = "ovf";
    static std::unique_ptr<Scheduler> make(const CoreRequest&) {
        return std::make_unique<WeightedOverflow>();
    }
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<SchedulerPlugin<Core>>(Core::kName, kSchedulerPluginVersion);
}
