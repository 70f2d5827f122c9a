// The C side of a plugin: the tables of trampolines the host calls (every one turns an
// exception into a status code plus set_error, so none crosses the ABI), the Registrar that
// registers the plugin classes, and ROUTERD_PLUGIN, which defines the entry symbol.
#ifndef ROUTERD_SDK_ENTRY_HPP
#define ROUTERD_SDK_ENTRY_HPP

#include <routerd/sdk/abi.hpp>
#include <routerd/sdk/config.hpp>
#include <routerd/sdk/host.hpp>
#include <routerd/sdk/plugin_kinds.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace routerd::sdk {

namespace detail {

// Runs body, turning exceptions into a status plus set_error.
template <class F>
routerd_status_t guarded(Plugin* plugin, F&& body) {
    try {
        return body();
    } catch (const std::exception& e) {
        plugin->host().set_error(e.what());
    } catch (...) {
        plugin->host().set_error("unknown exception");
    }
    return ROUTERD_ERR_FAILED;
}

inline Plugin* self_of(void* self) {
    return static_cast<Plugin*>(self);
}

inline routerd_lifecycle_t lifecycle_table() {
    routerd_lifecycle_t t{};
    t.size = sizeof t;
    t.routerd_on_configure = [](void* self, const routerd_config_node_t* node, bool dry_run) {
        Plugin* p = self_of(self);
        return guarded(p, [&] {
            return p->configure(p->host().config(node), dry_run) ? ROUTERD_OK : ROUTERD_ERR_INVALID;
        });
    };
    t.routerd_on_start = [](void* self) {
        Plugin* p = self_of(self);
        return guarded(p, [&] {
            p->start();
            return ROUTERD_OK;
        });
    };
    t.routerd_on_stop = [](void* self) {
        Plugin* p = self_of(self);
        guarded(p, [&] {
            p->stop();
            return ROUTERD_OK;
        });
    };
    t.routerd_on_destroy = [](void* self) { delete self_of(self); };
    t.routerd_on_status = [](void* self, routerd_text_fn fn, void* user) {
        Plugin* p = self_of(self);
        return guarded(p, [&] {
            const std::string text = p->status();
            fn(user, to_c(text));
            return ROUTERD_OK;
        });
    };
    t.routerd_on_command = [](void* self, routerd_str_t request, routerd_text_fn fn, void* user) {
        Plugin* p = self_of(self);
        return guarded(p, [&] {
            const std::string text = p->command(from_c(request));
            fn(user, to_c(text));
            return ROUTERD_OK;
        });
    };
    return t;
}

template <class P>
const void* table_for_kind(routerd_plugin_kind_t& kind) {
    if constexpr (std::is_base_of_v<Checker, P>) {
        kind = ROUTERD_KIND_CHECKER;
        static const routerd_checker_api_t table = [] {
            routerd_checker_api_t t{};
            t.size = sizeof t;
            t.lifecycle = lifecycle_table();
            t.routerd_on_probe_create = [](void* self, const routerd_config_node_t* node,
                                           routerd_str_t target, routerd_probe_t** out) {
                auto* c = static_cast<Checker*>(self_of(self));
                return guarded(c, [&] {
                    std::unique_ptr<Probe> probe =
                        c->create_probe(c->host().config(node), from_c(target));
                    if (!probe) return ROUTERD_ERR_INVALID;
                    *out = reinterpret_cast<routerd_probe_t*>(probe.release());
                    return ROUTERD_OK;
                });
            };
            t.routerd_on_probe_run = [](void* self, routerd_probe_t* probe, uint64_t timeout_ns,
                                        routerd_probe_done_fn done, void* context) {
                return guarded(self_of(self), [&] {
                    reinterpret_cast<Probe*>(probe)->run(
                        std::chrono::nanoseconds(static_cast<int64_t>(timeout_ns)),
                        ProbeDone(done, context));
                    return ROUTERD_OK;
                });
            };
            t.routerd_on_probe_destroy = [](void*, routerd_probe_t* probe) {
                delete reinterpret_cast<Probe*>(probe);
            };
            return t;
        }();
        return &table;
    } else if constexpr (std::is_base_of_v<Scheduler, P>) {
        kind = ROUTERD_KIND_SCHEDULER;
        static const routerd_scheduler_api_t table = [] {
            routerd_scheduler_api_t t{};
            t.size = sizeof t;
            t.lifecycle = lifecycle_table();
            t.routerd_on_scheduler_create = [](void* self, routerd_str_t flags,
                                               const routerd_config_node_t* node,
                                               routerd_scheduler_t** out) {
                auto* s = static_cast<Scheduler*>(self_of(self));
                return guarded(s, [&] {
                    auto instance = s->create(from_c(flags), s->host().config(node));
                    if (!instance) return ROUTERD_ERR_INVALID;
                    *out = reinterpret_cast<routerd_scheduler_t*>(instance.release());
                    return ROUTERD_OK;
                });
            };
            t.routerd_on_scheduler_update = [](void* self, routerd_scheduler_t* instance,
                                               const routerd_backend_t* backends, size_t n) {
                return guarded(self_of(self), [&] {
                    reinterpret_cast<Scheduler::Instance*>(instance)->update(backends, n);
                    return ROUTERD_OK;
                });
            };
            t.routerd_on_scheduler_pick = [](void*, routerd_scheduler_t* instance,
                                             const routerd_backend_t* backends, size_t n,
                                             const routerd_flow_t* flow) -> int64_t {
                try {
                    return reinterpret_cast<Scheduler::Instance*>(instance)->pick(backends, n,
                                                                                  *flow);
                } catch (...) {
                    return -1;
                }
            };
            t.routerd_on_scheduler_destroy = [](void*, routerd_scheduler_t* instance) {
                delete reinterpret_cast<Scheduler::Instance*>(instance);
            };
            return t;
        }();
        return &table;
    } else if constexpr (std::is_base_of_v<Forwarder, P>) {
        kind = ROUTERD_KIND_FORWARDER;
        static const routerd_forwarder_api_t table = [] {
            routerd_forwarder_api_t t{};
            t.size = sizeof t;
            t.lifecycle = lifecycle_table();
            t.routerd_on_forwarder_apply = [](void* self, routerd_str_t desired) {
                auto* f = static_cast<Forwarder*>(self_of(self));
                return guarded(f, [&] {
                    f->apply(from_c(desired));
                    return ROUTERD_OK;
                });
            };
            t.routerd_on_forwarder_read = [](void* self, routerd_text_fn fn, void* user) {
                auto* f = static_cast<Forwarder*>(self_of(self));
                return guarded(f, [&] {
                    const std::string text = f->read();
                    fn(user, to_c(text));
                    return ROUTERD_OK;
                });
            };
            return t;
        }();
        return &table;
    } else if constexpr (std::is_base_of_v<Notifier, P>) {
        kind = ROUTERD_KIND_NOTIFIER;
        static const routerd_notifier_api_t table{sizeof(routerd_notifier_api_t),
                                                  lifecycle_table()};
        return &table;
    } else {
        static_assert(std::is_base_of_v<Service, P>,
                      "a plugin derives from Service, Checker, Scheduler, Notifier or Forwarder");
        kind = ROUTERD_KIND_SERVICE;
        static const routerd_service_api_t table{sizeof(routerd_service_api_t), lifecycle_table()};
        return &table;
    }
}

}  // namespace detail

// Passed to the plugin's entry function: registers each plugin class the file provides.
class Registrar {
  public:
    Registrar(routerd_host_t* host, const routerd_host_api_t* api) : host_(host), api_(api) {}

    template <class P>
    void add(std::string_view name, std::string_view version) {
        routerd_plugin_kind_t kind{};
        const void* table = detail::table_for_kind<P>(kind);
        auto plugin = std::make_unique<P>(Host(host_, api_));
        if (api_->register_plugin(host_, kind, to_c(name), to_c(version), table, plugin.get()) !=
            ROUTERD_OK) {
            throw std::runtime_error("the host refused to register '" + std::string(name) + "'");
        }
        plugin.release();  // owned by the host now; freed through routerd_on_destroy
    }

  private:
    routerd_host_t* host_;
    const routerd_host_api_t* api_;
};

namespace detail {
inline routerd_status_t entry(routerd_handshake_t* handshake, routerd_host_t* host,
                              const routerd_host_api_t* api, void (*body)(Registrar&)) {
    if (handshake != nullptr) {
        handshake->abi_major = ROUTERD_ABI_MAJOR;
        handshake->abi_minor = ROUTERD_ABI_MINOR;
    }
    if (host == nullptr || api == nullptr) return ROUTERD_OK;
    try {
        Registrar registrar(host, api);
        body(registrar);
        return ROUTERD_OK;
    } catch (const std::exception& e) {
        Host(host, api).set_error(e.what());
    } catch (...) {
        Host(host, api).set_error("unknown exception");
    }
    return ROUTERD_ERR_FAILED;
}
}  // namespace detail

}  // namespace routerd::sdk

// Defines the plugin's entry symbol; the body registers the plugin classes.
#define ROUTERD_PLUGIN(registrar_name)                                                         \
    static void routerd_plugin_register(::routerd::sdk::Registrar&);                           \
    extern "C" ROUTERD_PLUGIN_EXPORT routerd_status_t routerd_plugin_entry(                    \
        routerd_handshake_t* handshake, routerd_host_t* host, const routerd_host_api_t* api) { \
        return ::routerd::sdk::detail::entry(handshake, host, api, &routerd_plugin_register);  \
    }                                                                                          \
    static void routerd_plugin_register(::routerd::sdk::Registrar& registrar_name)

#endif  // ROUTERD_SDK_ENTRY_HPP
