// The `vrrp` service plugin: reads [vrrp], runs the Router on its own thread, and tells the rest
// of routerd what happens: a bus event and a history row per transition, notify scripts, and a
// record in the store of every address and route it installs, made before it is added and
// dropped after it is removed (what is recorded is removed again at the next start if routerd
// died without cleaning up).
#include <routerd/plugin.hpp>

#include <routerd/common/command_args.hpp>
#include <routerd/common/global_script_policy.hpp>
#include <routerd/common/shared_value.hpp>

#include <net/if.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "config.hpp"
#include "config_scheduling.hpp"
#include "router.hpp"

namespace routerd::vrrp {
namespace {

int32_t event_state(State state) {
    switch (state) {
        case State::initialize:
            return ROUTERD_VRRP_INIT;
        case State::backup:
            return ROUTERD_VRRP_BACKUP;
        case State::master:
            return ROUTERD_VRRP_MASTER;
        case State::fault:
            return ROUTERD_VRRP_FAULT;
    }
    return ROUTERD_VRRP_INIT;
}

const std::vector<std::string> kMigrations = {
    "CREATE TABLE {ns}installed (kind TEXT NOT NULL, dev TEXT NOT NULL, what TEXT NOT NULL, "
    "PRIMARY KEY (kind, dev, what))",
};

// keepalived.conf(5) dynamic_interfaces: without it, every instance's interface must exist,
// as Keepalived 2.2.7 refuses to start without one ("Non-existent interface specified in
// configuration"). With it, the instance waits in FAULT (router/instance.cpp).
bool interfaces_exist(const sdk::Config& vrrp, const VrrpConfig& c) {
    if (c.dynamic_interfaces) return true;
    bool ok = true;
    for (const auto& [name, node] : vrrp["instance"].entries()) {
        const auto it = c.instances.find(name);
        if (it == c.instances.end() || ::if_nametoindex(it->second.interface.c_str()) != 0)
            continue;
        node["interface"].error("'" + it->second.interface +
                                "' does not exist: create it first, or set [vrrp] "
                                "dynamic_interfaces = true to wait for it in FAULT");
        ok = false;
    }
    return ok;
}

class VrrpPlugin : public sdk::Service {
  public:
    explicit VrrpPlugin(sdk::Host host) : Service(host) {
        for (const char* verb : {"", "json"})
            this->host().declare_read_only_command(verb);
    }

    bool configure(const sdk::Config& config, bool dry_run) override {
        const sdk::GlobalConfig global = host().global_config();
        std::optional<VrrpConfig> parsed =
            parse_vrrp_config(config, common::global_script_policy(host()), host().global_table());
        const std::string router_id = global.router_id.value_or("");
        if (!parsed) return false;
        if (parsed->runs_scripts_as_another_user() &&
            !host().require_privilege(config, ROUTERD_PRIVILEGE_RUN_AS_USER))
            return false;
        if (!require_scheduling_privileges(host(), config, parsed->scheduling)) return false;
        // The system is looked at when the configuration is about to be used: in the start's
        // real pass, and in a reload's first (dry) pass, which may still refuse it whole; not
        // by --config-test, which may run on another machine.
        const bool running = router_ != nullptr;
        if (dry_run == running && !interfaces_exist(config, *parsed)) return false;
        if (dry_run) return true;
        router_id_.set(router_id);
        if (router_) {
            router_->apply(*parsed);
        } else {
            pending_ = std::move(*parsed);
        }
        return true;
    }

    void start() override {
        host().store_migrate(kMigrations);
        std::vector<Installed> leftovers;
        for (const auto& row : host().store_query("SELECT kind, dev, what FROM {ns}installed")) {
            leftovers.push_back(
                Installed{row[0].value_or(""), row[1].value_or(""), row[2].value_or("")});
        }
        // A stuck router loop must get routerd restarted (systemd's watchdog).
        heartbeat_ = host().declare_heartbeat("router loop");
        router_ = std::make_unique<Router>(Router::Outputs{
            [this](const Transition& t) { on_transition(t); },
            InstallRecords{[this](const std::vector<Installed>& items) { return record(items); },
                           [this](const Installed& item) { forget(item); }},
            [this](int level, const std::string& message) {
                host().log(static_cast<routerd_log_level_t>(level), message);
            },
            [this] { heartbeat_.feed(); }, heartbeat_.interval(), VrrpMetrics(host())});
        router_->clean_up(leftovers);
        router_->apply(pending_ ? *pending_ : VrrpConfig{});
        pending_.reset();
    }

    void stop() override {
        if (!router_) return;
        router_->shutdown();
        router_.reset();
        heartbeat_ = sdk::Heartbeat();  // retired: the loop stopped on purpose
    }

    std::string status() override {
        return router_ ? router_->status().dump() : "{\"instances\":{}}";
    }

    std::string command(std::string_view request) override {
        const std::vector<std::string> args = common::command_args(request);
        if (!router_) throw std::runtime_error("vrrp is not running");
        if (args.empty()) return nlohmann::json(router_->status_text()).dump();
        if (args[0] == "json") return router_->status().dump();
        throw std::runtime_error("usage: routerctl vrrp [json]");
    }

  private:
    // On the router's thread, so events keep each instance's order.
    void on_transition(const Transition& t) {
        const std::string from(name(t.from));
        const std::string to = t.stop ? "STOP" : std::string(name(t.to));
        nlohmann::json data = {{"group", t.group}};
        if (t.smtp_alert) data["smtp_alert"] = *t.smtp_alert;
        // On the router's thread, while a reload may set it on the plugin's executor.
        if (const auto router_id = router_id_.get(); !router_id->empty())
            data["router_id"] = *router_id;
        sdk::Event event;
        event.type = ROUTERD_EVENT_VRRP_TRANSITION;
        event.subject = t.name;
        event.address = t.master;
        event.reason = t.reason;
        event.state = t.stop ? ROUTERD_VRRP_STOP : event_state(t.to);
        event.previous_state = event_state(t.from);
        event.value = t.priority;
        event.data = data.dump();
        host().publish(event);
        host().history((t.group ? "group " : "instance ") + t.name, from, to, t.reason);
    }

    // Written, then read back: a query runs after every write queued before it, so the
    // records are committed (and survive a kill -9) before the addresses they name are added.
    bool record(const std::vector<Installed>& items) {
        std::set<std::vector<std::string>> missing;
        try {
            for (const Installed& item : items) {
                missing.insert({item.kind, item.dev, item.what});
                host().store_write(
                    "INSERT OR REPLACE INTO {ns}installed (kind, dev, what) VALUES (?, ?, ?)",
                    {item.kind, item.dev, item.what});
            }
            for (const auto& row : host().store_query("SELECT kind, dev, what FROM {ns}installed"))
                missing.erase({row[0].value_or(""), row[1].value_or(""), row[2].value_or("")});
            if (missing.empty()) return true;
            host().log(ROUTERD_LOG_ERROR, "the store did not keep the record of " +
                                              std::to_string(missing.size()) +
                                              " virtual addresses or routes");
        } catch (const std::exception& e) {
            host().log(ROUTERD_LOG_ERROR,
                       std::string("cannot record virtual addresses and routes: ") + e.what());
        }
        return false;
    }

    void forget(const Installed& item) {
        host().store_write("DELETE FROM {ns}installed WHERE kind = ? AND dev = ? AND what = ?",
                           {item.kind, item.dev, item.what});
    }

    // What configure() parsed while the router was not running, until start() applies it. Not
    // kept afterwards: each instance holds its own part (1,000 instances: about 1 MB).
    std::optional<VrrpConfig> pending_;
    common::SharedValue<std::string> router_id_;
    sdk::Heartbeat heartbeat_;  // before router_, whose loop feeds it
    std::unique_ptr<Router> router_;
};

}  // namespace
}  // namespace routerd::vrrp

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::vrrp::VrrpPlugin>("vrrp", "0.1.0");
}
