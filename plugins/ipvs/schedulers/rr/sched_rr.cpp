// The "rr" scheduler plugin: round-robin (ip_vs_rr.c).
#include "routerd/ipvs/sched/plugin_adapter.h"
#include "routerd/ipvs/sched/rr.h"

namespace {

using namespace routerd::ipvs;

struct Core {
    static constexpr std::string_view kName = "rr";
    static std::unique_ptr<Scheduler> make(const CoreRequest&) {
        return std::make_unique<RoundRobin>();
    }
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<SchedulerPlugin<Core>>(Core::kName, kSchedulerPluginVersion);
}
