// The "nq" scheduler plugin: never queue (ip_vs_nq.c).
#include "routerd/ipvs/sched/nq.h"
#include "routerd/ipvs/sched/plugin_adapter.h"

namespace {

using namespace routerd::ipvs;

struct Core {
    static constexpr std::string_view kName = "nq";
    static std::unique_ptr<Scheduler> make(const CoreRequest&) {
        return std::make_unique<NeverQueue>();
    }
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<SchedulerPlugin<Core>>(Core::kName, kSchedulerPluginVersion);
}
