// The "sh" scheduler plugin: source hashing (ip_vs_sh.c), with sh-port and sh-fallback.
#include "routerd/ipvs/sched/plugin_adapter.h"
#include "routerd/ipvs/sched/sh.h"

namespace {

using namespace routerd::ipvs;

struct Core {
    static constexpr std::string_view kName = "sh";
    static std::unique_ptr<Scheduler> make(const CoreRequest& request) {
        return std::make_unique<SourceHashing>(request.flags);
    }
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<SchedulerPlugin<Core>>(Core::kName, kSchedulerPluginVersion);
}
