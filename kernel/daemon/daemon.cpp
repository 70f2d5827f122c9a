#include "daemon/daemon.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <sstream>

#include <boost/asio/post.hpp>

#include "config/config_view.hpp"
#include "control/control_access.hpp"
#include "control/control_server.hpp"
#include "daemon/capabilities.hpp"
#include "daemon/daemon_metrics.hpp"
#include "daemon/sd_notify.hpp"
#include "host/descriptor_budget.hpp"
#include "store/history_query.hpp"
#include "util/heap.hpp"
#include "util/levenshtein.hpp"
#include "util/log.hpp"
#include "version.hpp"

namespace routerd {
namespace {

nlohmann::json descriptors_status(std::size_t checks) {
    const DescriptorBudget d = descriptor_budget(descriptor_limit(), checks);
    return {{"limit", d.limit}, {"reserved", d.reserved}, {"data_plane_budget", d.budget}};
}

// One io thread serves every plugin's strand (VRRP, the forwarder and the checkers' probes run
// on threads of their own): a handler that waits on another plugin's strand (run_on) runs the
// call inline (runtime.hpp).
constexpr unsigned kIoThreads = 1;
constexpr unsigned kBlockingThreads = 4;

// Top-level keys the host itself owns; every other top-level table belongs to the plugin of
// the same name.
bool kernel_section(std::string_view key) {
    return key == "global" || key == "checks" || key == "metrics";
}

std::string section_text(const toml::node& node) {
    std::ostringstream out;
    if (const toml::table* t = node.as_table()) {
        out << *t;
    } else if (const toml::array* a = node.as_array()) {
        out << *a;
    }
    return out.str();
}

std::string section_text(const toml::table& table, std::string_view key) {
    const toml::node* node = table.get(key);
    return node == nullptr ? "" : section_text(*node);
}

std::string section_text(const Daemon::SectionTexts& sections, std::string_view key) {
    auto it = sections.find(key);
    return it == sections.end() ? "" : it->second;
}

std::filesystem::path state_db_for(const Options& options) {
    // --config-test must not need (or touch) the real state.
    return options.config_test ? std::filesystem::path(":memory:") : options.state_db;
}

}  // namespace

Daemon::Daemon(Options options)
    : options_(std::move(options)),
      started_umask_([] {
          const mode_t mask = ::umask(0);  // reading it sets it: put it back
          ::umask(mask);
          return mask;
      }()),
      runtime_(kIoThreads, kBlockingThreads),
      store_([this] {
          OpenedStore opened = open_store(state_db_for(options_));
          store_recovery_ = std::move(opened.recovery);
          return std::move(opened.store);
      }()),
      services_{runtime_, bus_, *store_, metrics_},
      registry_(services_),
      checks_(services_, registry_, check_clock_) {
    services_.registry = &registry_;
    services_.checks = &checks_;
    services_.privileges = &privileges_;
    services_.heartbeats = &heartbeats_;
}

Daemon::~Daemon() {
    stop();
}

void Daemon::load_plugins() {
    if (plugins_loaded_) return;
    plugins_loaded_ = true;
    auto log = logger_for("routerd");
    for (const auto& dir : options_.plugin_dirs) {
        if (!std::filesystem::is_directory(dir)) {
            log->warn("plugin folder {} does not exist", dir.string());
            continue;
        }
        registry_.load_directory(dir);
    }
    for (PluginHost* p : registry_.plugins()) {
        log->info("plugin {} {} ({}) from {}", p->name(), p->version(), kind_name(p->kind()),
                  p->file().string());
    }
    // Refused files only matter if the configuration uses them (then it is an error there).
    for (const LoadRefusal& r : registry_.refusals())
        log->warn("plugin {}", r.to_string());
}

bool Daemon::configure(ConfigDocument& doc, bool dry_run, const SectionTexts* previous,
                       std::vector<std::string>* changed) {
    if (!doc.diagnostics().empty()) return false;  // it did not even parse
    const ConfigNode& root = doc.root();
    const ConfigView config(root);
    auto is_changed = [&](std::string_view key) {
        return previous == nullptr ||
               section_text(*previous, key) != section_text(doc.table(), key);
    };

    // Every plugin is configured in a dry run first: that pass says what the whole
    // configuration needs (a real pass of a reload configures only what changed).
    if (dry_run) privileges_.begin_pass();
    const std::optional<std::string_view> router_id = config["global"]["router_id"].string();
    checks_.begin_pass(doc, dry_run, std::optional<std::string>(router_id));
    const GlobalSettings globals = read_global_settings(config["global"]);
    // keepalived.conf(5): "the namespace cannot be changed on a configuration reload".
    if (running_ && globals.net_namespace != applied_globals_.net_namespace) {
        config["global"]["net_namespace"].error(
            "cannot change on a reload (routerd runs in " +
            (applied_globals_.net_namespace
                 ? "network namespace '" + *applied_globals_.net_namespace + "'"
                 : std::string("the namespace it started in")) +
            "): restart routerd");
    }
    if (!dry_run) {
        applied_globals_ = globals;
        // Before the plugins start or reconfigure: the scripts they start inherit it.
        ::umask(globals.umask.value_or(started_umask_));
    }
    const metrics::MetricsSettings metrics_settings =
        metrics::read_metrics_settings(config["metrics"]);
    if (metrics_settings.enabled && metrics_settings.listen.port() < 1024) {
        privileges_.require(&config["metrics"]["listen"].node(), ROUTERD_PRIVILEGE_BIND_LOW_PORT);
    }
    if (!dry_run) applied_metrics_ = metrics_settings;
    if (dry_run || is_changed("checks")) {
        checks_.add_standalone(doc.get(root, "checks"));
        if (!dry_run && changed && previous) changed->push_back("checks");
    } else {
        doc.get(root, "checks");  // unchanged: known, and left running as it is
    }

    std::vector<std::string> plugin_names;
    for (PluginHost* p : registry_.plugins())
        plugin_names.push_back(p->name());
    // Every top-level table names its plugin.
    for (const auto& [key, section] : config.entries()) {
        if (kernel_section(key)) continue;
        if (registry_.find(key) != nullptr) continue;
        if (const LoadRefusal* refused = registry_.refusal_for(key)) {
            section.error("plugin '" + key + "' was refused: " + refused->to_string());
        } else {
            std::string message = "no plugin named '" + key + "' is loaded";
            if (auto guess = did_you_mean(key, plugin_names)) {
                message += " (did you mean '" + *guess + "'?)";
            }
            section.error(message);
        }
        doc.skip_unknown_keys(section.node());
    }
    // Every plugin is configured, with its table or with none. Plugins read [global] too
    // (router_id, script_user, notify_fifo): a change there reaches each of them.
    const bool global_changed = is_changed("global");
    for (PluginHost* p : registry_.plugins()) {
        const ConfigNode& section = doc.get(root, p->name());
        if (!dry_run && !global_changed && !is_changed(p->name())) continue;
        const size_t errors_before = doc.diagnostics().all().size();
        checks_.owner_configured(p->name());
        if (auto error = p->configure(section.as_c(), dry_run)) {
            if (!error->empty()) {
                doc.error(section, "plugin " + p->name() + ": " + *error);
            } else if (doc.diagnostics().all().size() == errors_before) {
                doc.error(section, "plugin " + p->name() + " refused its configuration");
            }
        } else if (!dry_run && changed && previous) {
            changed->push_back(p->name());
        }
    }
    doc.report_unknown_keys(root);
    if (!dry_run && doc.diagnostics().empty()) {
        with_work_ = plugins_with_work(work_of(doc));
        // A running routerd (a reload): the checkers of new checks run before those start.
        if (running_) start_plugins_with_work();
    }
    checks_.finish_pass();
    if (!dry_run && running_) {
        stop_plugins_without_work();
        release_idle_code();  // configuring them touched their code again
    }
    return doc.diagnostics().empty();
}

PluginWork Daemon::work_of(const ConfigDocument& doc) const {
    PluginWork work;
    for (const auto& [key, node] : doc.table()) {
        const toml::table* table = node.as_table();
        const toml::array* array = node.as_array();
        const bool empty =
            (table != nullptr && table->empty()) || (array != nullptr && array->empty());
        if (!kernel_section(key.str()) && !empty) work.tables.emplace(key.str());
    }
    work.checkers = checks_.checker_types_after_pass();
    for (PluginHost* p : registry_.plugins())
        work.lookups.emplace(p->name(), p->providers_used());
    return work;
}

std::optional<std::string> Daemon::start_plugins_with_work() {
    for (PluginHost* p : registry_.plugins()) {
        if (p->running() || !with_work_.contains(p->name())) continue;
        if (auto error = p->start()) {
            const std::string message = p->name() + ": start failed: " + *error;
            if (running_) logger_for("routerd")->error("{}", message);
            return message;
        }
        if (running_)
            logger_for("routerd")->info("plugin {} started: the reload gave it work", p->name());
    }
    return std::nullopt;
}

void Daemon::stop_plugins_without_work() {
    auto plugins = registry_.plugins();
    // Consumers before the providers they use, as at stop.
    for (auto it = plugins.rbegin(); it != plugins.rend(); ++it) {
        if (!(*it)->running() || with_work_.contains((*it)->name())) continue;
        (*it)->stop();
        logger_for("routerd")->info("plugin {} stopped: the reload left it no work", (*it)->name());
    }
}

void Daemon::release_idle_code() {
    const std::size_t released = registry_.release_idle_code();
    logger_for("routerd")->debug("idle plugins: {} kB of code pages released", released / 1024);
}

void Daemon::keep_running_config(std::unique_ptr<ConfigDocument> applied) {
    running_sections_.clear();
    for (const auto& [key, node] : applied->table())
        running_sections_.emplace(key.str(), section_text(node));
    applied.reset();
    // Configuring 10,000 checks takes a few times the memory running them does: give the
    // freed pages back instead of keeping them in the process's heap for ever.
    release_free_heap();
}

void Daemon::log_errors(ConfigDocument& doc) {
    auto log = logger_for("routerd");
    for (const Diagnostic& d : doc.diagnostics().all()) {
        log->error("{}", d.to_string());
    }
}

void Daemon::refuse_privileges_not_held() {
    const CapabilityMask held = held_capabilities();
    if (held == 0) return;  // a user's own check of a file: nothing to compare with
    const PrivilegeSet within = privileges_within(held);
    if (within.size() == std::size(kAllPrivileges)) return;
    privileges_.give_up_all_but(within,
                                "which routerd was started without (under systemd: add it to the "
                                "unit's AmbientCapabilities= and CapabilityBoundingSet=)");
}

std::string Daemon::check_configuration() {
    load_plugins();
    refuse_privileges_not_held();
    auto doc = ConfigDocument::load(options_.config_file);
    configure(*doc, true, nullptr, nullptr);
    return doc->diagnostics().to_string();
}

std::optional<std::string> Daemon::start() {
    load_plugins();
    refuse_privileges_not_held();
    auto log = logger_for("routerd");
    auto doc = ConfigDocument::load(options_.config_file);
    // Validate everything before applying anything.
    if (!configure(*doc, true, nullptr, nullptr) || !configure(*doc, false, nullptr, nullptr)) {
        log_errors(*doc);
        return doc->diagnostics().to_string();
    }
    keep_running_config(std::move(doc));
    checks_.restore();  // before the plugins start: what they read is the last-known health
    if (auto error = start_plugins_with_work()) {
        // The plugins that did start stop again: their timers and threads end before routerd
        // exits (Daemon::stop() does nothing for a daemon that never ran).
        stop_plugins();
        return error;
    }
    release_idle_code();
    checks_.start();
    add_daemon_metrics(metrics_, registry_, *store_, bus_);
    apply_metrics_settings();
    control_ = std::make_unique<ControlServer>(
        main_loop_, options_.control_socket,
        [this](const nlohmann::json& request, const PeerCredentials& peer) {
            return handle(request, peer);
        });
    apply_global_settings();
    started_at_ = std::chrono::steady_clock::now();
    running_ = true;
    log->info("routerd {} started: config {}, state {}, control {}", kVersion,
              options_.config_file.string(), options_.state_db.string(),
              options_.control_socket.string());
    sd_notify_state("READY=1\nSTATUS=running");
    if (watchdog_period_) watchdog_ = std::make_unique<Watchdog>(heartbeats_);
    return std::nullopt;
}

std::optional<std::string> Daemon::give_up_capabilities() {
    // Root holds every capability; the user of a systemd unit, those its AmbientCapabilities=
    // gave it. Another user holds none: nothing to give up.
    if (::geteuid() != 0 && held_capabilities() == 0) return std::nullopt;
    const PrivilegeSet needed = privileges_.needed();
    const CapabilityMask keep = capabilities_for(needed);
    try {
        keep_only_capabilities(keep);
    } catch (const std::exception& e) {
        return std::string("giving up capabilities: ") + e.what();
    }
    privileges_.give_up_all_but(needed);
    logger_for("routerd")->info("capabilities kept: {}", capability_names(keep));
    return std::nullopt;
}

void Daemon::serve() {
    bool stopping = false;
    {
        std::lock_guard lock(mutex_);
        stopping = stop_requested_;
    }
    if (!stopping) {
        auto work = boost::asio::make_work_guard(main_loop_);
        main_loop_.run();  // until request_stop(); one made before run() returns it at once
    }
    // A stop wins over reloads still queued: their callers get their answer now.
    std::deque<std::promise<ReloadResult>> queued;
    {
        std::lock_guard lock(mutex_);
        queued.swap(reloads_);
    }
    for (auto& reload : queued)
        reload.set_value(ReloadResult{false, {}, "routerd is stopping"});
}

void Daemon::run_queued_reloads() {
    for (;;) {
        std::promise<ReloadResult> reload;
        {
            std::lock_guard lock(mutex_);
            if (stop_requested_ || reloads_.empty()) return;
            reload = std::move(reloads_.front());
            reloads_.pop_front();
        }
        reload.set_value(this->reload());
    }
}

std::future<ReloadResult> Daemon::request_reload() {
    std::promise<ReloadResult> promise;
    std::future<ReloadResult> result = promise.get_future();
    {
        std::lock_guard lock(mutex_);
        if (stop_requested_) {
            promise.set_value(ReloadResult{false, {}, "routerd is stopping"});
            return result;
        }
        reloads_.push_back(std::move(promise));
    }
    boost::asio::post(main_loop_, [this] { run_queued_reloads(); });
    return result;
}

void Daemon::request_stop() {
    {
        std::lock_guard lock(mutex_);
        stop_requested_ = true;
    }
    main_loop_.stop();
}

ReloadResult Daemon::reload() {
    auto log = logger_for("routerd");
    sd_notify_state("RELOADING=1");
    log->info("reloading {}", options_.config_file.string());
    ReloadResult result;
    auto doc = ConfigDocument::load(options_.config_file);
    // The whole new configuration must be valid before any of it is applied.
    if (!configure(*doc, true, nullptr, nullptr)) {
        result.errors = doc->diagnostics().to_string();
        log_errors(*doc);
        log->error("reload refused: the running configuration stays");
    } else {
        configure(*doc, false, &running_sections_, &result.changed);
        keep_running_config(std::move(doc));
        apply_global_settings();
        apply_metrics_settings();
        result.applied = true;
        std::string list;
        for (const auto& c : result.changed)
            list += (list.empty() ? "" : ", ") + c;
        log->info("reload applied; changed: {}", list.empty() ? "nothing" : list);
    }
    sdk::Event event;
    event.type = ROUTERD_EVENT_CONFIG_RELOAD;
    event.source = "routerd";
    event.subject = options_.config_file.string();
    event.state = result.applied ? 1 : 0;
    event.reason = result.applied ? "applied" : result.errors;
    bus_.publish(std::move(event));
    sd_notify_state("READY=1\nSTATUS=running");
    return result;
}

void Daemon::stop_plugins() {
    auto plugins = registry_.plugins();
    // Stop in reverse start order: consumers before the producers they listen to.
    for (auto it = plugins.rbegin(); it != plugins.rend(); ++it)
        (*it)->stop();
}

void Daemon::stop() {
    if (!running_) return;
    running_ = false;
    sd_notify_state("STOPPING=1");
    control_.reset();
    exporter_.reset();
    checks_.stop();
    stop_plugins();
    watchdog_.reset();  // after the plugins: stopping them may take a while
    store_->flush();
    logger_for("routerd")->info("routerd stopped");
}

nlohmann::json Daemon::status() {
    nlohmann::json plugins = nlohmann::json::array();
    for (PluginHost* p : registry_.plugins()) {
        nlohmann::json plugin_status = nlohmann::json::parse(p->status(), nullptr, false);
        if (plugin_status.is_discarded()) plugin_status = {{"error", "invalid status JSON"}};
        plugins.push_back({{"name", p->name()},
                           {"kind", kind_name(p->kind())},
                           {"version", p->version()},
                           {"file", p->file().string()},
                           {"running", p->running()},
                           {"status", plugin_status}});
    }
    nlohmann::json refused = nlohmann::json::array();
    for (const LoadRefusal& r : registry_.refusals()) {
        refused.push_back({{"file", r.file.string()}, {"reason", r.reason}});
    }
    nlohmann::json heartbeats = nlohmann::json::array();
    for (const Heartbeats::Beat& beat : heartbeats_.beats(Heartbeats::Clock::now())) {
        heartbeats.push_back(
            {{"name", beat.name},
             {"age_ms", std::chrono::duration_cast<std::chrono::milliseconds>(beat.age).count()},
             {"stale", beat.stale}});
    }
    nlohmann::json watchdog_ms = nullptr;
    if (watchdog_period_)
        watchdog_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(*watchdog_period_).count();
    const auto uptime = std::chrono::steady_clock::now() - started_at_;
    nlohmann::json store_recovered = nullptr;
    if (store_recovery_) {
        store_recovered = {{"moved_to", store_recovery_->moved_to.string()},
                           {"reason", store_recovery_->reason}};
    }
    return {{"version", kVersion},
            {"pid", ::getpid()},
            {"uptime_s", std::chrono::duration_cast<std::chrono::seconds>(uptime).count()},
            {"config_file", options_.config_file.string()},
            {"state_db", options_.state_db.string()},
            {"plugins", plugins},
            {"refused", refused},
            {"checks", checks_.status()},
            {"descriptors", descriptors_status(checks_.count())},
            {"watchdog_ms", watchdog_ms},
            {"heartbeats", heartbeats},
            {"events_published", bus_.published()},
            {"store_failed_writes", store_->failed_writes()},
            {"store_last_failure", store_->last_failure()},
            {"store_recovered", store_recovered},
            {"metrics", metrics_status()}};
}

nlohmann::json Daemon::metrics_status() const {
    std::lock_guard lock(metrics_status_mutex_);
    return metrics_status_;
}

void Daemon::apply_metrics_settings() {
    const metrics::MetricsSettings wanted = applied_metrics_;
    if (exporting_ == wanted && (exporter_ || !wanted.enabled)) return;
    exporter_.reset();  // before binding again: the new address may be the old one's
    exporting_ = wanted;
    nlohmann::json status = {{"enabled", wanted.enabled}};
    if (wanted.enabled) {
        const std::string where = metrics::to_string(wanted.listen);
        status["listen"] = where;
        try {
            exporter_ = std::make_unique<metrics::Exporter>(main_loop_, wanted.listen,
                                                            [this] { return metrics_.scrape(); });
            logger_for("routerd")->info("metrics at http://{}/metrics", where);
        } catch (const std::exception& e) {
            status["error"] = "cannot listen on " + where + ": " + e.what();
            logger_for("routerd")->error("metrics: {}; routerd runs on without /metrics",
                                         status["error"].get<std::string>());
        }
    }
    std::lock_guard lock(metrics_status_mutex_);
    metrics_status_ = std::move(status);
}

void Daemon::apply_global_settings() {
    const std::optional<gid_t> group = applied_globals_.control_group;
    control_group_ = group ? static_cast<int64_t>(*group) : -1;
    store_->set_history_retention(applied_globals_.history_retention);
    if (!control_) return;
    if (auto error = control_->share_with_group(group))
        logger_for("routerd")->error("control_group: {}", *error);
}

nlohmann::json Daemon::handle(const nlohmann::json& request, const PeerCredentials& peer) {
    const int64_t group = control_group_;
    const ControlAccess access =
        control_access(peer, ::geteuid(), group < 0 ? std::nullopt : std::optional<gid_t>(group));
    const auto refusal =
        refusal_for(request, access, [this](std::string_view plugin, std::string_view verb) {
            const PluginHost* host = registry_.find(plugin);
            return host != nullptr && host->command_is_read_only(verb);
        });
    if (refusal) {
        logger_for("routerd")->warn("control: refused {} from uid {} pid {}: {}",
                                    request.value("command", ""), peer.uid, peer.pid, *refusal);
        return {{"ok", false}, {"error", *refusal}};
    }
    const std::string command = request.value("command", "");
    if (command == "status") return {{"ok", true}, {"status", status()}};
    if (command == "checks") return {{"ok", true}, {"checks", checks_.status()}};
    if (command == "history") {
        store_->flush();  // rows queued before the request are part of the answer
        return {{"ok", true}, {"history", read_history(*store_, history_query_from(request))}};
    }
    if (command == "reload") {
        const ReloadResult r = reload();
        return {{"ok", r.applied}, {"changed", r.changed}, {"errors", r.errors}};
    }
    if (command == "plugin") {
        const std::string name = request.value("plugin", "");
        PluginHost* plugin = registry_.find(name);
        if (plugin == nullptr) return {{"ok", false}, {"error", "no plugin named '" + name + "'"}};
        std::string answer;
        if (auto error = plugin->command(request.value("request", nlohmann::json::object()).dump(),
                                         answer)) {
            return {{"ok", false}, {"error", *error}};
        }
        nlohmann::json parsed = nlohmann::json::parse(answer, nullptr, false);
        if (parsed.is_discarded()) parsed = answer;
        return {{"ok", true}, {"result", parsed}};
    }
    return {{"ok", false}, {"error", "unknown command '" + command + "'"}};
}

}  // namespace routerd
