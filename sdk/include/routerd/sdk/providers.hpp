// Plugins called per use rather than through the bus: the load balancer drives a forwarder,
// the userspace forwarder a scheduler. Host::find<Forwarder> / find<Scheduler> hands out a
// Provider, which calls the other plugin's table on the caller's thread; it stays valid while
// routerd runs.
#ifndef ROUTERD_SDK_PROVIDERS_HPP
#define ROUTERD_SDK_PROVIDERS_HPP

#include <routerd/sdk/abi.hpp>
#include <routerd/sdk/host.hpp>
#include <routerd/sdk/plugin_kinds.hpp>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace routerd::sdk {

template <>
class Provider<Forwarder> {
  public:
    using Table = routerd_forwarder_api_t;
    static constexpr routerd_plugin_kind_t kKind = ROUTERD_KIND_FORWARDER;

    Provider(const Table* table, void* self) : table_(table), self_(self) {}

    // Hands over the desired table (plugin.h's JSON); false when the forwarder refused it and
    // keeps what it had (it logged why).
    bool apply(std::string_view desired_json) const {
        return table_->routerd_on_forwarder_apply(self_, to_c(desired_json)) == ROUTERD_OK;
    }
    // What the data plane holds now, in the same JSON shape; nullopt when it cannot say.
    std::optional<std::string> read() const {
        std::string text;
        auto collect = [](void* user, routerd_str_t t) {
            *static_cast<std::string*>(user) = std::string(from_c(t));
        };
        if (table_->routerd_on_forwarder_read(self_, collect, &text) != ROUTERD_OK)
            return std::nullopt;
        return text;
    }

  private:
    const Table* table_;
    void* self_;
};

template <>
class Provider<Scheduler> {
  public:
    using Table = routerd_scheduler_api_t;
    static constexpr routerd_plugin_kind_t kKind = ROUTERD_KIND_SCHEDULER;

    Provider(const Table* table, void* self) : table_(table), self_(self) {}

    // One instance (per virtual service) for Keepalived's `flags`, without an options table;
    // nullptr when the scheduler refused them (it logged why).
    std::unique_ptr<Scheduler::Instance> create(std::string_view flags) const {
        routerd_scheduler_t* instance = nullptr;
        if (table_->routerd_on_scheduler_create(self_, to_c(flags), nullptr, &instance) !=
                ROUTERD_OK ||
            instance == nullptr) {
            return nullptr;
        }
        return std::make_unique<Remote>(table_, self_, instance);
    }

  private:
    // An instance living in the other plugin, destroyed there with this object.
    class Remote final : public Scheduler::Instance {
      public:
        Remote(const Table* table, void* self, routerd_scheduler_t* instance)
            : table_(table), self_(self), instance_(instance) {}
        ~Remote() override { table_->routerd_on_scheduler_destroy(self_, instance_); }
        Remote(const Remote&) = delete;
        Remote& operator=(const Remote&) = delete;

        void update(const routerd_backend_t* backends, size_t n) override {
            if (table_->routerd_on_scheduler_update(self_, instance_, backends, n) != ROUTERD_OK)
                throw std::runtime_error("the scheduler refused the real-server set");
        }
        int64_t pick(const routerd_backend_t* backends, size_t n,
                     const routerd_flow_t& flow) override {
            return table_->routerd_on_scheduler_pick(self_, instance_, backends, n, &flow);
        }

      private:
        const Table* table_;
        void* self_;
        routerd_scheduler_t* instance_;
    };

    const Table* table_;
    void* self_;
};

template <class Kind>
std::optional<Provider<Kind>> Host::find(std::string_view name) const {
    const void* table = nullptr;
    void* self = nullptr;
    if (api_->find_plugin(host_, Provider<Kind>::kKind, to_c(name), &table, &self) != ROUTERD_OK)
        return std::nullopt;
    return Provider<Kind>(static_cast<const typename Provider<Kind>::Table*>(table), self);
}

}  // namespace routerd::sdk

#endif  // ROUTERD_SDK_PROVIDERS_HPP
