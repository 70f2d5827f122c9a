// routerd plugin SDK — header-only C++ wrapper over the C ABI in plugin.h.
//
// A plugin is an ordinary C++ class deriving from one of Service, Checker, Scheduler,
// Notifier or Forwarder, registered in the entry function:
//
//   ROUTERD_PLUGIN(registrar) { registrar.add<MyChecker>("my-check", "1.0.0"); }
//
// Exceptions never cross the ABI: every trampoline below catches them and turns them into a
// status code plus the exception's message (set_error), which the host logs with the
// plugin's name. This header uses only the C++ standard library.
#ifndef ROUTERD_PLUGIN_HPP
#define ROUTERD_PLUGIN_HPP

#include <routerd/plugin.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace routerd::sdk {

inline routerd_str_t to_c(std::string_view s) {
    return routerd_str_t{s.data(), s.size()};
}
inline std::string_view from_c(routerd_str_t s) {
    return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view();
}

// Copies a size-prefixed C struct written by the other side into a zeroed one of ours.
template <class T>
T read_sized(const T* source) {
    T out;
    std::memset(&out, 0, sizeof out);
    if (source != nullptr) {
        std::memcpy(&out, source, std::min<size_t>(source->size, sizeof out));
    }
    out.size = sizeof out;
    return out;
}

// An event with owned strings; converts to and from routerd_event_t.
struct Event {
    uint32_t type = 0;
    uint64_t time_unix_ns = 0;
    std::string source;
    std::string subject;
    std::string address;
    std::string reason;
    int32_t state = 0;
    int32_t previous_state = 0;
    int32_t value = 0;
    uint32_t latency_us = 0;
    std::string data;

    static Event from(const routerd_event_t* raw) {
        const routerd_event_t e = read_sized(raw);
        return Event{e.type,
                     e.time_unix_ns,
                     std::string(from_c(e.source)),
                     std::string(from_c(e.subject)),
                     std::string(from_c(e.address)),
                     std::string(from_c(e.reason)),
                     e.state,
                     e.previous_state,
                     e.value,
                     e.latency_us,
                     std::string(from_c(e.data))};
    }
    // The view borrows this object's strings.
    routerd_event_t view() const {
        return routerd_event_t{sizeof(routerd_event_t), type,          time_unix_ns, to_c(source),
                               to_c(subject),           to_c(address), to_c(reason), state,
                               previous_state,          value,         latency_us,   to_c(data)};
    }
};

// A value in the configuration tree. Getters report type and range errors to the host (with
// file:line:col and key path) and return nullopt, so a plugin can report every mistake in
// one pass instead of stopping at the first.
class Config {
  public:
    Config(routerd_host_t* host, const routerd_host_api_t* api, const routerd_config_node_t* node)
        : host_(host), api_(api), node_(node) {}

    routerd_config_type_t type() const { return api_->config_type(host_, node_); }
    bool present() const { return type() != ROUTERD_CONFIG_NONE; }
    std::string path() const { return std::string(from_c(api_->config_path(host_, node_))); }

    // Looking a key up marks it as known, whether or not it is present.
    Config operator[](std::string_view key) const {
        return Config(host_, api_, api_->config_get(host_, node_, to_c(key)));
    }
    size_t count() const { return api_->config_count(host_, node_); }

    // Table entries in file order (visiting them marks every key as known).
    std::vector<std::pair<std::string, Config>> entries() const {
        std::vector<std::pair<std::string, Config>> out;
        if (type() != ROUTERD_CONFIG_TABLE) {
            if (present())
                error("expected a table");
            return out;
        }
        for (size_t i = 0, n = count(); i < n; ++i) {
            routerd_str_t key{};
            const routerd_config_node_t* child = api_->config_at(host_, node_, i, &key);
            out.emplace_back(std::string(from_c(key)), Config(host_, api_, child));
        }
        return out;
    }
    // Array items; a single value is accepted as an array of one.
    std::vector<Config> items() const {
        std::vector<Config> out;
        if (type() == ROUTERD_CONFIG_ARRAY) {
            for (size_t i = 0, n = count(); i < n; ++i) {
                out.emplace_back(host_, api_, api_->config_at(host_, node_, i, nullptr));
            }
        } else if (present()) {
            out.push_back(*this);
        }
        return out;
    }

    std::optional<std::string> string() const {
        routerd_str_t s{};
        if (!present() || api_->config_string(host_, node_, &s) != ROUTERD_OK) {
            return std::nullopt;
        }
        return std::string(from_c(s));
    }
    std::optional<int64_t> integer(int64_t min, int64_t max) const {
        int64_t v = 0;
        if (!present() || api_->config_integer(host_, node_, &v) != ROUTERD_OK) {
            return std::nullopt;
        }
        if (v < min || v > max) {
            error(std::to_string(v) + " is out of range " + std::to_string(min) + ".." +
                  std::to_string(max));
            return std::nullopt;
        }
        return v;
    }
    std::optional<double> number() const {
        double v = 0;
        if (!present() || api_->config_float(host_, node_, &v) != ROUTERD_OK) {
            return std::nullopt;
        }
        return v;
    }
    std::optional<bool> boolean() const {
        bool v = false;
        if (!present() || api_->config_boolean(host_, node_, &v) != ROUTERD_OK) {
            return std::nullopt;
        }
        return v;
    }
    std::optional<std::chrono::nanoseconds> duration() const {
        uint64_t ns = 0;
        if (!present() || api_->config_duration(host_, node_, &ns) != ROUTERD_OK) {
            return std::nullopt;
        }
        return std::chrono::nanoseconds(static_cast<int64_t>(ns));
    }
    // A string that must be one of `choices`.
    std::optional<std::string> one_of(std::initializer_list<std::string_view> choices) const {
        std::optional<std::string> s = string();
        if (!s)
            return std::nullopt;
        std::string list;
        for (std::string_view c : choices) {
            if (c == *s)
                return s;
            list += (list.empty() ? "" : ", ") + std::string(c);
        }
        error("'" + *s + "' is not one of " + list);
        return std::nullopt;
    }

    void error(std::string_view message) const { api_->config_error(host_, node_, to_c(message)); }
    const routerd_config_node_t* raw() const { return node_; }

  private:
    routerd_host_t* host_;
    const routerd_host_api_t* api_;
    const routerd_config_node_t* node_;
};

// The host's services, as seen by one plugin.
class Host {
  public:
    Host(routerd_host_t* host, const routerd_host_api_t* api) : host_(host), api_(api) {}

    void log(routerd_log_level_t level, std::string_view message) const {
        api_->log(host_, level, to_c(message));
    }
    void info(std::string_view m) const { log(ROUTERD_LOG_INFO, m); }
    void warn(std::string_view m) const { log(ROUTERD_LOG_WARN, m); }
    void error(std::string_view m) const { log(ROUTERD_LOG_ERROR, m); }
    void debug(std::string_view m) const { log(ROUTERD_LOG_DEBUG, m); }

    void publish(const Event& event) const {
        const routerd_event_t raw = event.view();
        check(api_->publish(host_, &raw), "publish");
    }
    // The handler runs on this plugin's executor; it must outlive the plugin's start..stop.
    void subscribe(uint32_t type, std::function<void(const Event&)>* handler) const {
        check(api_->subscribe(host_, type, &Host::deliver, handler), "subscribe");
    }

    // Runs fn on this plugin's serial executor.
    void post(std::function<void()> fn) const {
        auto task = std::make_unique<std::function<void()>>(std::move(fn));
        check(api_->post(host_, &Host::run_task, task.get()), "post");
        task.release();  // run_task owns it now
    }
    // Runs fn on the host's blocking pool.
    void post_blocking(std::function<void()> fn) const {
        auto task = std::make_unique<std::function<void()>>(std::move(fn));
        check(api_->post_blocking(host_, &Host::run_task, task.get()), "post_blocking");
        task.release();
    }
    // One-shot timer; fn runs on this plugin's executor unless cancelled first.
    uint64_t start_timer(std::chrono::nanoseconds delay, std::function<void()> fn) const {
        auto task = std::make_unique<std::function<void()>>(std::move(fn));
        const uint64_t id = api_->timer_start(host_, static_cast<uint64_t>(delay.count()),
                                              &Host::run_timer, task.get());
        if (id == 0)
            throw std::runtime_error("host refused timer_start");
        task.release();
        return id;
    }
    void cancel_timer(uint64_t id) const { api_->timer_cancel(host_, id); }
    std::chrono::nanoseconds now() const {
        return std::chrono::nanoseconds(static_cast<int64_t>(api_->now_ns(host_)));
    }

    void store_migrate(const std::vector<std::string>& steps) const {
        std::vector<routerd_str_t> raw;
        for (const auto& s : steps)
            raw.push_back(to_c(s));
        check(api_->store_migrate(host_, raw.data(), raw.size()), "store_migrate");
    }
    void store_write(std::string_view sql, const std::vector<std::string>& params = {}) const {
        std::vector<routerd_str_t> raw;
        for (const auto& p : params)
            raw.push_back(to_c(p));
        check(api_->store_write(host_, to_c(sql), raw.data(), raw.size()), "store_write");
    }
    using Row = std::vector<std::optional<std::string>>;
    std::vector<Row> store_query(std::string_view sql,
                                 const std::vector<std::string>& params = {}) const {
        std::vector<routerd_str_t> raw;
        for (const auto& p : params)
            raw.push_back(to_c(p));
        std::vector<Row> rows;
        check(
            api_->store_query(host_, to_c(sql), raw.data(), raw.size(), &Host::collect_row, &rows),
            "store_query");
        return rows;
    }
    void history(std::string_view subject, std::string_view from, std::string_view to,
                 std::string_view detail) const {
        check(api_->store_history(host_, to_c(subject), to_c(from), to_c(to), to_c(detail)),
              "store_history");
    }

    routerd_host_t* raw() const { return host_; }
    const routerd_host_api_t* api() const { return api_; }

  private:
    static void check(routerd_status_t status, const char* what) {
        if (status != ROUTERD_OK)
            throw std::runtime_error(std::string("host refused ") + what);
    }
    static void deliver(void* user, const routerd_event_t* event) {
        try {
            (*static_cast<std::function<void(const Event&)>*>(user))(Event::from(event));
        } catch (...) {
            // A handler's failure must not unwind into the host.
        }
    }
    static void run_task(void* user) {
        std::unique_ptr<std::function<void()>> fn(static_cast<std::function<void()>*>(user));
        try {
            (*fn)();
        } catch (...) {
        }
    }
    static void run_timer(void* user, bool fired) {
        if (fired) {
            run_task(user);
        } else {
            delete static_cast<std::function<void()>*>(user);
        }
    }
    static void collect_row(void* user, const routerd_str_t* columns, size_t n) {
        Row row;
        for (size_t i = 0; i < n; ++i) {
            row.push_back(columns[i].ptr
                              ? std::optional<std::string>(std::string(from_c(columns[i])))
                              : std::nullopt);
        }
        static_cast<std::vector<Row>*>(user)->push_back(std::move(row));
    }

    routerd_host_t* host_;
    const routerd_host_api_t* api_;
};

// Base of every plugin class.
class Plugin {
  public:
    explicit Plugin(Host host) : host_(host) {}
    virtual ~Plugin() = default;
    Plugin(const Plugin&) = delete;
    Plugin& operator=(const Plugin&) = delete;

    // Validate `config` (NONE when the plugin has no table); report every problem through
    // Config getters / Config::error and return false if any. With dry_run, change nothing.
    virtual bool configure(const Config& config, bool dry_run) {
        (void)config;
        (void)dry_run;
        return true;
    }
    virtual void start() {}
    virtual void stop() {}
    // Status as a JSON object.
    virtual std::string status() { return "{}"; }
    // Answer a control request (JSON) with JSON.
    virtual std::string command(std::string_view request) {
        (void)request;
        throw std::runtime_error("this plugin has no commands");
    }

    const Host& host() const { return host_; }

  private:
    Host host_;
};

class Service : public Plugin {
  public:
    using Plugin::Plugin;
};
class Notifier : public Plugin {
  public:
    using Plugin::Plugin;
};

struct ProbeResult {
    bool up = false;
    int32_t weight = -1;
    std::string reason;
};

// Calls the host's completion exactly once (later calls are ignored). Moving one hands the
// duty on: the moved-from object answers nothing, so a guard that answers from its destructor
// ("the checker stopped") stays silent once it has passed the completion on. (A copy still
// answers on its own: keep one.)
class ProbeDone {
  public:
    ProbeDone(routerd_probe_done_fn fn, void* context) : fn_(fn), context_(context) {}
    ProbeDone(const ProbeDone&) = default;
    ProbeDone& operator=(const ProbeDone&) = default;
    ProbeDone(ProbeDone&& other) noexcept
        : fn_(std::exchange(other.fn_, nullptr)), context_(other.context_) {}
    ProbeDone& operator=(ProbeDone&& other) noexcept {
        fn_ = std::exchange(other.fn_, nullptr);
        context_ = other.context_;
        return *this;
    }
    void operator()(const ProbeResult& result) {
        if (fn_ == nullptr)
            return;
        const routerd_probe_result_t raw{sizeof(routerd_probe_result_t), result.up, result.weight,
                                         to_c(result.reason)};
        auto fn = std::exchange(fn_, nullptr);
        fn(context_, &raw);
    }

  private:
    routerd_probe_done_fn fn_;
    void* context_;
};

class Probe {
  public:
    virtual ~Probe() = default;
    // Start one attempt; call done once, from any thread, within `timeout`.
    virtual void run(std::chrono::nanoseconds timeout, ProbeDone done) = 0;
};

class Checker : public Plugin {
  public:
    using Plugin::Plugin;
    // Validate the check's own keys (the host owns the common ones) and build a probe; return
    // nullptr after reporting errors on `check`.
    virtual std::unique_ptr<Probe> create_probe(const Config& check, std::string_view target) = 0;
};

class Scheduler : public Plugin {
  public:
    using Plugin::Plugin;
    class Instance {
      public:
        virtual ~Instance() = default;
        virtual void update(const routerd_backend_t* backends, size_t n) = 0;
        virtual int64_t pick(const routerd_backend_t* backends, size_t n,
                             const routerd_flow_t& flow) = 0;
    };
    virtual std::unique_ptr<Instance> create(std::string_view flags, const Config& options) = 0;
};

class Forwarder : public Plugin {
  public:
    using Plugin::Plugin;
    virtual void apply(std::string_view desired_json) = 0;
    virtual std::string read() = 0;
};

namespace detail {

// Runs body, turning exceptions into a status plus set_error.
template <class F>
routerd_status_t guarded(Plugin* plugin, F&& body) {
    try {
        return body();
    } catch (const std::exception& e) {
        const Host& h = plugin->host();
        h.api()->set_error(h.raw(), to_c(e.what()));
    } catch (...) {
        const Host& h = plugin->host();
        h.api()->set_error(h.raw(), to_c("unknown exception"));
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
            const Host& h = p->host();
            return p->configure(Config(h.raw(), h.api(), node), dry_run) ? ROUTERD_OK
                                                                         : ROUTERD_ERR_INVALID;
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
                    const Host& h = c->host();
                    std::unique_ptr<Probe> probe =
                        c->create_probe(Config(h.raw(), h.api(), node), from_c(target));
                    if (!probe)
                        return ROUTERD_ERR_INVALID;
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
                    const Host& h = s->host();
                    auto instance = s->create(from_c(flags), Config(h.raw(), h.api(), node));
                    if (!instance)
                        return ROUTERD_ERR_INVALID;
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
    if (host == nullptr || api == nullptr)
        return ROUTERD_OK;
    try {
        Registrar registrar(host, api);
        body(registrar);
        return ROUTERD_OK;
    } catch (const std::exception& e) {
        api->set_error(host, to_c(e.what()));
    } catch (...) {
        api->set_error(host, to_c("unknown exception"));
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

#endif  // ROUTERD_PLUGIN_HPP
