#include "plugin_scheduler.h"

#include <stdexcept>
#include <string>

namespace routerd::ipvs::userspace {

std::unique_ptr<sdk::Scheduler::Instance> find_scheduler(const sdk::Host& host,
                                                         std::string_view name,
                                                         std::string_view flags) {
    const std::string quoted = "scheduler '" + std::string(name) + "'";
    const std::optional<sdk::Provider<sdk::Scheduler>> scheduler = host.find<sdk::Scheduler>(name);
    if (!scheduler) {
        throw std::runtime_error(quoted + " is not loaded (no sched_" + std::string(name) +
                                 ".so in the plugin directory)");
    }
    std::unique_ptr<sdk::Scheduler::Instance> instance = scheduler->create(flags);
    if (!instance) {
        throw std::runtime_error(quoted + " refused flags '" + std::string(flags) +
                                 "' (its reason is in its log)");
    }
    return instance;
}

}  // namespace routerd::ipvs::userspace
