// The "twos" scheduler plugin: power of two choices (ip_vs_twos.c), each instance drawing
// from its own generator seeded by std::random_device.
#include <random>

#include "routerd/ipvs/sched/plugin_adapter.h"
#include "routerd/ipvs/sched/twos.h"

namespace {

using namespace routerd::ipvs;

struct Core {
    static constexpr std::string_view kName = "twos";
    static std::unique_ptr<Scheduler> make(const CoreRequest&) {
        return std::make_unique<PowerOfTwoChoices>(
            [engine = std::mt19937_64{std::random_device{}()}]() mutable { return engine(); });
    }
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<SchedulerPlugin<Core>>(Core::kName, kSchedulerPluginVersion);
}
