// The "sed" scheduler plugin: shortest expected delay (ip_vs_sed.c).
#include "routerd/ipvs/sched/plugin_adapter.h"
#include "routerd/ipvs/sched/sed.h"

namespace {

using namespace routerd::ipvs;

struct Core {
    static constexpr std::string_view kName = "sed";
    static std::unique_ptr<Scheduler> make(const CoreRequest&) {
        return std::make_unique<ShortestExpectedDelay>();
    }
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<SchedulerPlugin<Core>>(Core::kName, kSchedulerPluginVersion);
}
