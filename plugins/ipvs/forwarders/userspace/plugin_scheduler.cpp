#include "plugin_scheduler.h"

#include <stdexcept>
#include <string>

namespace routerd::ipvs::userspace {

namespace {

class PluginScheduler final : public sdk::Scheduler::Instance {
  public:
    PluginScheduler(const routerd_scheduler_api_t* table, void* self, routerd_scheduler_t* instance)
        : table_(table), self_(self), instance_(instance) {}
    ~PluginScheduler() override { table_->routerd_on_scheduler_destroy(self_, instance_); }

    void update(const routerd_backend_t* backends, size_t n) override {
        if (table_->routerd_on_scheduler_update(self_, instance_, backends, n) != ROUTERD_OK) {
            throw std::runtime_error("the scheduler refused the real-server set");
        }
    }
    int64_t pick(const routerd_backend_t* backends, size_t n, const routerd_flow_t& flow) override {
        return table_->routerd_on_scheduler_pick(self_, instance_, backends, n, &flow);
    }

  private:
    const routerd_scheduler_api_t* table_;
    void* self_;
    routerd_scheduler_t* instance_;
};

}  // namespace

std::unique_ptr<sdk::Scheduler::Instance> find_scheduler(const sdk::Host& host,
                                                         std::string_view name,
                                                         std::string_view flags) {
    const std::string quoted = "scheduler '" + std::string(name) + "'";
    const void* table = nullptr;
    void* self = nullptr;
    if (host.api()->find_plugin(host.raw(), ROUTERD_KIND_SCHEDULER, sdk::to_c(name), &table,
                                &self) != ROUTERD_OK) {
        throw std::runtime_error(quoted + " is not loaded (no sched_" + std::string(name) +
                                 ".so in the plugin directory)");
    }
    const auto* api = static_cast<const routerd_scheduler_api_t*>(table);
    routerd_scheduler_t* instance = nullptr;
    if (api->routerd_on_scheduler_create(self, sdk::to_c(flags), nullptr, &instance) !=
            ROUTERD_OK ||
        instance == nullptr) {
        throw std::runtime_error(quoted + " refused flags '" + std::string(flags) +
                                 "' (its reason is in its log)");
    }
    return std::make_unique<PluginScheduler>(api, self, instance);
}

}  // namespace routerd::ipvs::userspace
