// The "lc" scheduler plugin: least-connection (ip_vs_lc.c).
#include "routerd/ipvs/sched/lc.h"
#include "routerd/ipvs/sched/plugin_adapter.h"

namespace {

using namespace routerd::ipvs;

struct Core {
    static constexpr std::string_view kName = "lc";
    static std::unique_ptr<Scheduler> make(const CoreRequest&) {
        return std::make_unique<LeastConnection>();
    }
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<SchedulerPlugin<Core>>(Core::kName, kSchedulerPluginVersion);
}
