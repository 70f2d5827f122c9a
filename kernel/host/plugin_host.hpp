#pragma once

#include <routerd/plugin.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <spdlog/logger.h>
#include <boost/asio/steady_timer.hpp>

#include "metrics/registry.hpp"
#include "runtime/runtime.hpp"

namespace routerd {

class CheckRunner;
class EventBus;
class Heartbeats;
class PluginRegistry;
class Privileges;
class Store;

// What the host offers every plugin; owned by the daemon (or a test).
struct HostServices {
    Runtime& runtime;
    EventBus& bus;
    Store& store;
    metrics::Registry& metrics;          // for metric_family and the series' updates
    PluginRegistry* registry = nullptr;  // for find_plugin
    CheckRunner* checks = nullptr;       // for check_attach / check_state
    Privileges* privileges = nullptr;    // for require_privilege
    Heartbeats* heartbeats = nullptr;    // for heartbeat_declare; none: nothing is watched
};

// One plugin as the host holds it: the context behind its routerd_host_t pointer, its
// registration (kind, name, tables), its strand, timers and subscriptions.
class PluginHost {
  public:
    PluginHost(HostServices& services, std::filesystem::path file);
    ~PluginHost();
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    routerd_host_t* as_c() { return reinterpret_cast<routerd_host_t*>(this); }
    static PluginHost& from_c(routerd_host_t* host) { return *reinterpret_cast<PluginHost*>(host); }

    // Registration, from the plugin's entry function; refusals are remembered.
    routerd_status_t register_plugin(routerd_plugin_kind_t kind, std::string name,
                                     std::string version, const void* table, void* self);
    bool registered() const { return self_ != nullptr; }
    const std::string& registration_refusal() const { return registration_refusal_; }
    // Names already taken, consulted at registration (set by the registry).
    std::function<const PluginHost*(const std::string& name)> find_by_name;

    const std::string& name() const { return name_; }
    const std::string& version() const { return version_; }
    routerd_plugin_kind_t kind() const { return kind_; }
    const std::filesystem::path& file() const { return file_; }
    spdlog::logger& log() const { return *logger_; }
    HostServices& services() { return services_; }
    Strand& strand() { return strand_; }

    // The last set_error message; reading it clears it. A host service that fails (the store,
    // say) records its reason too, so that the plugin's "host refused store_query" comes out
    // with the why.
    void set_error(std::string message);
    void set_service_error(std::string message);
    std::string take_error();

    // Lifecycle, called by the daemon. configure/start/stop run on the plugin's strand.
    // On failure, the error text (from set_error) is returned. Whether a plugin is started at
    // all is host/plugin_work.hpp's to say.
    std::optional<std::string> configure(const routerd_config_node_t* config, bool dry_run);
    std::optional<std::string> start();
    void stop();           // ends subscriptions and timers, then on_stop (if it was started)
    void destroy();        // on_destroy; the plugin object is gone afterwards
    std::string status();  // JSON from on_status, "{}" when it fails
    std::optional<std::string> command(const std::string& request, std::string& answer);
    // The commands the plugin declared read-only (by their first argument); any thread.
    void declare_read_only_command(std::string verb);
    bool command_is_read_only(std::string_view verb) const;

    const routerd_checker_api_t& checker() const { return checker_; }
    // This plugin's table of its kind (what find_plugin hands to other plugins).
    const void* table() const;
    // The section being configured, during configure only.
    const routerd_config_node_t* configuring() const { return configuring_; }
    // A checker creating a probe reads [global] as a configuring plugin does: `check` stands
    // for its section meanwhile (nullptr again afterwards).
    void set_configuring(const routerd_config_node_t* check) { configuring_ = check; }
    void* self() const { return self_; }
    // Started and not stopped since; any thread.
    bool running() const { return running_; }
    // The providers (forwarders, schedulers) this plugin looked up with find_plugin while an
    // applied configuration was being given to it, since it last started: it uses them while it
    // runs. note_lookup is find_plugin's, on the plugin's strand.
    void note_lookup(const std::string& provider);
    std::set<std::string> providers_used() const;

    // Host services behind the C table (host_api.cpp).
    routerd_status_t subscribe(uint32_t type, routerd_event_fn fn, void* user);
    uint64_t start_timer(uint64_t delay_ns, routerd_timer_fn fn, void* user);
    void cancel_timer(uint64_t id);

  private:
    void cancel_all_timers();
    size_t timer_handlers_to_run() const;  // TimerTable::handlers_to_run

    HostServices& services_;
    std::filesystem::path file_;
    std::string name_;
    std::string version_;
    routerd_plugin_kind_t kind_{};
    void* self_ = nullptr;
    routerd_lifecycle_t lifecycle_{};
    routerd_checker_api_t checker_{};
    routerd_scheduler_api_t scheduler_{};
    routerd_forwarder_api_t forwarder_{};
    std::string registration_refusal_;
    const routerd_config_node_t* configuring_ = nullptr;
    bool recording_lookups_ = false;        // during an applied configure; guarded by mutex_
    std::set<std::string> providers_used_;  // guarded by mutex_
    std::shared_ptr<spdlog::logger> logger_;
    Strand strand_;

    mutable std::mutex mutex_;
    std::string last_error_;
    std::string service_error_;
    std::vector<uint64_t> subscriptions_;
    struct Timer {
        std::shared_ptr<boost::asio::steady_timer> timer;
    };
    // The pending timers. Their completion handlers hold this table, not the host: a handler
    // that a destroyed host cancelled still runs later on a runtime thread, and must find the
    // table alive and `closed`, so that it neither touches the host nor calls into the plugin.
    struct TimerTable {
        std::mutex mutex;
        uint64_t next = 1;
        std::unordered_map<uint64_t, Timer> timers;
        size_t handlers_to_run = 0;  // of the timers started: fired or cancelled, not yet run
        bool closed = false;         // the host is gone
    };
    std::shared_ptr<TimerTable> timer_table_ = std::make_shared<TimerTable>();
    std::atomic<bool> running_ = false;

    mutable std::mutex read_only_mutex_;
    std::set<std::string, std::less<>> read_only_commands_;
};

// "service", "checker", ... for logs and status.
const char* kind_name(routerd_plugin_kind_t kind);

// The table of host functions every plugin receives.
const routerd_host_api_t& host_api();

}  // namespace routerd
