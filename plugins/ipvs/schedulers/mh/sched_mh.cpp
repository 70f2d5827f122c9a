// The "mh" scheduler plugin: Maglev hashing (ip_vs_mh.c), with mh-port and mh-fallback, and
// one option: table_size, the number of slots: a prime, 65537 by default, at most 2^20 so that
// one virtual service's table stays within 4 MiB.
#include <stdexcept>

#include "routerd/ipvs/sched/mh.h"
#include "routerd/ipvs/sched/plugin_adapter.h"

namespace {

using namespace routerd::ipvs;

struct Core {
    static constexpr std::string_view kName = "mh";
    static std::unique_ptr<Scheduler> make(const CoreRequest& request) {
        const routerd::sdk::Config size = request.options["table_size"];
        uint32_t slots = kDefaultMaglevTableSize;
        if (size.present()) {
            const std::optional<int64_t> value = size.integer(2, int64_t{1} << 20);
            if (!value) {
                return nullptr;
            }
            slots = static_cast<uint32_t>(*value);
        }
        try {
            return std::make_unique<MaglevHashing>(request.flags, slots);
        } catch (const std::invalid_argument& e) {
            size.error(e.what());  // not a prime
            return nullptr;
        }
    }
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<SchedulerPlugin<Core>>(Core::kName, kSchedulerPluginVersion);
}
