#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "bus/event_bus.hpp"
#include "checks/check_runner.hpp"
#include "config/document.hpp"
#include "control/control_server.hpp"
#include "daemon/global_settings.hpp"
#include "daemon/options.hpp"
#include "daemon/watchdog.hpp"
#include "host/heartbeats.hpp"
#include "host/plugin_work.hpp"
#include "host/privileges.hpp"
#include "loader/plugin_registry.hpp"
#include "metrics/exporter.hpp"
#include "metrics/metrics_settings.hpp"
#include "metrics/registry.hpp"
#include "runtime/runtime.hpp"
#include "store/open_store.hpp"
#include "store/store.hpp"

namespace routerd {

struct ReloadResult {
    bool applied = false;
    std::vector<std::string> changed;  // sections re-applied
    std::string errors;                // one per line when refused
};

// The host process: loads plugins, validates and applies the configuration, starts and stops
// everything, reloads on request.
class Daemon {
  public:
    // Top-level key -> the section's text, of the running configuration.
    using SectionTexts = std::map<std::string, std::string, std::less<>>;

    explicit Daemon(Options options);
    ~Daemon();

    // Loads the plugins and validates the whole configuration; returns every error, one per
    // line (empty: valid). Used by --config-test and by start().
    std::string check_configuration();
    // Loads, validates, applies and starts; returns the errors when it cannot.
    std::optional<std::string> start();
    // Started as root, or as a systemd unit's user with ambient capabilities: gives up every
    // capability the configuration does not need
    // (daemon/capabilities.hpp says which and why now). Once start() succeeded; returns the
    // error when it could not.
    std::optional<std::string> give_up_capabilities();
    // Runs the main loop on the calling thread (routerd's main thread) until stop is requested:
    // the control socket's requests, reloads, and what else was put on main_loop() (signals).
    void serve();
    void stop();
    // Where serve() runs: nothing here may wait for it.
    boost::asio::io_context& main_loop() { return main_loop_; }

    // Thread-safe requests: queued for serve()'s thread.
    std::future<ReloadResult> request_reload();
    void request_stop();

    ReloadResult reload();
    nlohmann::json status();
    // A control request from `peer`, refused unless its access allows it
    // (control/control_access.hpp). On serve()'s thread: a reload runs there and then.
    nlohmann::json handle(const nlohmann::json& request, const PeerCredentials& peer);

    HostServices& services() { return services_; }
    PluginRegistry& registry() { return registry_; }

  private:
    void load_plugins();
    // Started with fewer capabilities than root's (a systemd unit's AmbientCapabilities=), a
    // configuration that needs one routerd lacks is refused against the key that needs it: by
    // --config-test (the unit's ExecStartPre) as by start().
    void refuse_privileges_not_held();
    // Validates `doc` (errors go to its diagnostics); with dry_run, nothing changes. When
    // applying over a `previous` configuration, only the sections that changed are applied
    // and their names go to `changed`.
    bool configure(ConfigDocument& doc, bool dry_run, const SectionTexts* previous,
                   std::vector<std::string>* changed);
    void log_errors(ConfigDocument& doc);
    // What the configuration being applied asks of each plugin (host/plugin_work.hpp).
    PluginWork work_of(const ConfigDocument& doc) const;
    // Starts (in load order) the plugins given work that do not run yet; the first error.
    std::optional<std::string> start_plugins_with_work();
    // Stops (in reverse load order) the running plugins that have no work any more.
    void stop_plugins_without_work();
    void stop_plugins();  // every plugin, in reverse start order
    // Once the running plugins are settled: the idle ones' code pages leave the RSS.
    void release_idle_code();
    // Puts the [global] settings of the configuration just applied into effect.
    void apply_global_settings();
    // Starts, moves or stops the exporter as the [metrics] table just applied says. A failure
    // to bind is logged and shown in status, and routerd runs on: metrics never stop VRRP.
    void apply_metrics_settings();
    nlohmann::json metrics_status() const;
    // Keeps what the next reload compares against of an applied configuration: the text of
    // each top-level section (not the whole document: its tree, positions and nodes weigh
    // tens of MiB with 10,000 checks).
    void keep_running_config(std::unique_ptr<ConfigDocument> applied);
    // On serve()'s thread: runs the queued reloads.
    void run_queued_reloads();

    Options options_;
    const mode_t started_umask_;  // the umask a configuration without [global] umask restores
    // serve()'s: the control socket, reloads, signals. Before everything that posts to it.
    boost::asio::io_context main_loop_{1};
    Runtime runtime_;
    std::optional<StoreRecovery> store_recovery_;  // before store_: opening it sets this
    std::unique_ptr<Store> store_;
    EventBus bus_;
    Privileges privileges_;  // what the configuration needs; before services_, which points here
    // systemd's watchdog period, if any, and the loops' heartbeats (before services_ too).
    const std::optional<std::chrono::microseconds> watchdog_period_ = Watchdog::requested_period();
    Heartbeats heartbeats_{Watchdog::heartbeat_interval(watchdog_period_)};
    metrics::Registry metrics_;  // before services_ too
    HostServices services_;
    PluginRegistry registry_;
    SteadyCheckClock check_clock_;  // what the checks time themselves by
    CheckRunner checks_;
    SectionTexts running_sections_;
    std::set<std::string> with_work_;         // the plugins the applied configuration gives work
    GlobalSettings applied_globals_;          // of the last configuration applied (main thread)
    std::atomic<int64_t> control_group_{-1};  // read by the control thread; -1: none
    std::unique_ptr<ControlServer> control_;
    std::unique_ptr<Watchdog> watchdog_;                 // while running under a systemd watchdog
    metrics::MetricsSettings applied_metrics_;           // of the last configuration applied
    std::optional<metrics::MetricsSettings> exporting_;  // what exporter_ was made for
    std::unique_ptr<metrics::Exporter> exporter_;
    // enabled, listen and why the exporter does not run, for status on the control thread.
    mutable std::mutex metrics_status_mutex_;
    nlohmann::json metrics_status_ = nlohmann::json::object();
    std::chrono::steady_clock::time_point started_at_;
    bool plugins_loaded_ = false;
    bool running_ = false;

    std::mutex mutex_;  // guards the two below
    std::deque<std::promise<ReloadResult>> reloads_;
    bool stop_requested_ = false;
};

}  // namespace routerd
