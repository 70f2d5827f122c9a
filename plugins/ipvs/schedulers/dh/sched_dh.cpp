// The "dh" scheduler plugin: destination hashing (ip_vs_dh.c).
#include "routerd/ipvs/sched/dh.h"
#include "routerd/ipvs/sched/plugin_adapter.h"

namespace {

using namespace routerd::ipvs;

struct Core {
    static constexpr std::string_view kName = "dh";
    static std::unique_ptr<Scheduler> make(const CoreRequest&) {
        return std::make_unique<DestinationHashing>();
    }
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<SchedulerPlugin<Core>>(Core::kName, kSchedulerPluginVersion);
}
