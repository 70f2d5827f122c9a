// The `ipvs` service: virtual servers whose real servers follow their health checks. It keeps
// the configuration (Model) and what it learns at run time (RuntimeState), computes the
// desired table on every change, hands it whole to the forwarder, and turns the difference to
// the previous one into REAL_SERVER events, notify scripts and log lines.
#include <routerd/common/command_args.hpp>
#include <routerd/common/command_line.hpp>
#include <routerd/common/fifo_writer.hpp>
#include <routerd/common/global_script_policy.hpp>
#include <routerd/common/notify_fifo.hpp>
#include <routerd/common/notify_fifo_config.hpp>
#include <routerd/plugin.hpp>

#include <charconv>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "routerd/ipvs/service/desired_table.h"
#include "routerd/ipvs/service/fifo_lines.h"
#include "routerd/ipvs/service/kernel_settings.h"
#include "routerd/ipvs/service/model_reader.h"
#include "routerd/ipvs/service/operator_overrides.h"
#include "routerd/ipvs/service/script_runner.h"
#include "routerd/ipvs/service/service_metrics.h"
#include "routerd/ipvs/service/status_view.h"
#include "routerd/ipvs/service/stop_plan.h"
#include "routerd/ipvs/service/transitions.h"
#include "routerd/ipvs/table/codec.h"
#include "routerd/ipvs/table/reconciler.h"

namespace routerd::ipvs {
namespace {

using sdk::Config;

// How long a stop waits for omega's notify_down and quorum_down scripts, all together.
constexpr std::chrono::seconds kStopScriptsTimeout{5};
// Keepalived gives notify scripts no timeout; a hung one would hold a thread of the host's
// blocking pool, and routerd's stop, for ever. As the vrrp plugin's notify scripts: 30 s.
constexpr std::chrono::seconds kScriptTimeout{30};

// The operator's drains and weights (routerctl drain / weight), one row per real server, with
// the configuration they were set against (configuration_fingerprint).
const std::vector<std::string> kMigrations = {
    "CREATE TABLE {ns}overrides (real_server TEXT PRIMARY KEY, drained INTEGER NOT NULL, "
    "weight INTEGER, configuration TEXT NOT NULL)",
};

// Linux lists its virtual servers here once ip_vs is loaded.
bool kernel_has_ipvs() {
    std::error_code ec;
    return std::filesystem::exists("/proc/net/ip_vs", ec);
}

class IpvsService : public sdk::Service {
  public:
    explicit IpvsService(sdk::Host host) : sdk::Service(host), metrics_(this->host()) {
        for (const char* verb : {"", "show", "json"})  // drain and undrain: root only
            this->host().declare_read_only_command(verb);
    }

    bool configure(const Config& config, bool dry_run) override {
        ReaderEnvironment env;
        env.kernel_has_ipvs = kernel_has_ipvs();
        env.attach_check = [this](const Config& check, const std::string& target) {
            return host().attach_check(check, target);
        };
        env.userspace_scheduler_available = [this](const std::string& name) {
            return host().find<sdk::Scheduler>(name).has_value();
        };
        const common::ScriptPolicy policy = common::global_script_policy(host());
        env.check_script = [this, &policy](const Config& node, const std::string& line) {
            const std::optional<common::RunAs> run_as = common::script_run_as(std::nullopt, policy);
            if (common::runs_as_another_user(run_as) &&
                !host().require_privilege(node, ROUTERD_PRIVILEGE_RUN_AS_USER))
                return false;
            if (!policy.security) return true;
            try {
                common::check_script_security(common::shell_line_program(line), run_as);
                return true;
            } catch (const std::invalid_argument& e) {
                node.error(e.what());
                return false;
            }
        };
        env.require_privilege = [this](const Config& node, routerd_privilege_t privilege) {
            return host().require_privilege(node, privilege);
        };
        std::optional<Model> model = read_model(config, env);
        // [ipvs] notify_fifo and notify_fifo_script (Keepalived's lvs_notify_fifo and its
        // _script), and [global] notify_fifo, which gets the same lines.
        std::optional<common::NotifyFifoSpec> fifo;
        std::optional<std::string> global_fifo;
        const bool fifo_ok =
            common::read_notify_fifos(config, host().global_table(), policy, fifo, global_fifo);
        if (!model || !fifo_ok) return false;
        const std::string forwarder = resolve_forwarder(model->forwarder, env.kernel_has_ipvs);
        if (model->needs_forwarder() && !host().find<sdk::Forwarder>(forwarder)) {
            const Config where = config["forwarder"].present() ? config["forwarder"] : config;
            where.error("no forwarder plugin '" + forwarder + "' is loaded" +
                        (model->forwarder == ForwarderChoice::automatic
                             ? std::string(env.kernel_has_ipvs ? " (ip_vs is present)"
                                                               : " (no ip_vs in this kernel)")
                             : ""));
            return false;
        }
        std::optional<std::string> router_id = host().global_config().router_id;
        if (dry_run) return true;
        router_id_ = router_id.value_or("");
        script_policy_ = policy;
        if (running_)
            end_overrides(overrides_ended_by(model_, *model, state_),
                          "the reload changed or removed that real server");
        model_ = std::move(*model);
        fifo_spec_ = std::move(fifo);
        global_fifo_path_ = std::move(global_fifo);
        if (running_) {
            open_fifos();
            if (forwarder != forwarder_name_) {
                host().warn("forwarder stays '" + forwarder_name_ +
                            "' until restart (configured: '" + forwarder + "')");
            }
            refresh_suspended();
            update("configuration reloaded", true);
        } else {
            forwarder_name_ = forwarder;
        }
        return true;
    }

    void start() override {
        if (model_.needs_forwarder()) {
            if (model_.has_kernel_settings() && forwarder_name_ != "kernel") {
                // [ipvs] forwarder = "auto" without ip_vs (forwarder = "userspace" is refused
                // by the configuration).
                host().warn(
                    "timeouts, flush and sync_daemon are settings of the kernel's IPVS: "
                    "the forwarder '" +
                    forwarder_name_ + "' ignores them");
            }
            forwarder_ = host().find<sdk::Forwarder>(forwarder_name_);
            if (!forwarder_)
                throw std::runtime_error("no forwarder plugin '" + forwarder_name_ + "'");
            host().info("forwarder: " + forwarder_name_ +
                        (model_.forwarder == ForwarderChoice::automatic
                             ? std::string(" (auto: ") +
                                   (kernel_has_ipvs() ? "ip_vs present" : "no ip_vs") + ")"
                             : ""));
            if (model_.keep_on_stop && forwarder_name_ == "userspace") {
                host().warn(
                    "keep_on_stop has no effect with the userspace forwarder: its listeners are "
                    "routerd's own and close when it stops");
            }
        }
        open_fifos();
        // The checks have their last-known health already (the host restores it before the
        // plugins start): a restart does not flap the farm.
        read_health();
        read_overrides();
        on_check_ = [this](const sdk::Event& e) { on_check_result(e); };
        on_vrrp_ = [this](const sdk::Event& e) { on_vrrp(e); };
        host().subscribe(ROUTERD_EVENT_CHECK_RESULT, &on_check_);
        host().subscribe(ROUTERD_EVENT_VRRP_TRANSITION, &on_vrrp_);
        running_ = true;
        refresh_suspended();
        if (!update("started", true)) {
            // e.g. forwarder = "kernel" on a kernel without ip_vs: the forwarder logged why.
            throw std::runtime_error("the forwarder '" + forwarder_name_ +
                                     "' refused the initial table");
        }
    }

    void stop() override {
        if (!running_) return;
        running_ = false;
        const StopPlan plan = stop_plan(model_, state_, applied_);
        // What is written stays readable while the FIFO's reader holds it open.
        const auto close_fifo = [this] {
            fifo_.reset();
            global_fifo_.reset();
        };
        if (!plan.table) {
            host().info("keep_on_stop: " + std::to_string(applied_.services.size()) +
                        " services stay in the forwarder '" + forwarder_name_ + "'");
            close_fifo();
            return;
        }
        // Keepalived runs the omega notifiers once the services are gone, not when that failed.
        if (!hand_over(*plan.table, "stopping")) {
            close_fifo();
            return;
        }
        for (const Transition& t : plan.transitions)
            publish(t);
        for (const std::string& line : plan.fifo_lines)
            write_fifo(line);
        close_fifo();
        // Here rather than on the blocking pool, which the host stops without running what
        // is still queued; bounded, so that a hanging script cannot hold the stop.
        const std::vector<std::string> failed =
            run_scripts(plan.scripts, kStopScriptsTimeout, script_policy_);
        for (size_t i = 0; i < failed.size(); ++i) {
            if (!failed[i].empty())
                host().warn("script '" + plan.scripts[i] + "' failed: " + failed[i]);
        }
    }

    std::string status() override {
        size_t destinations = 0;
        for (const ipvs::Service& s : applied_.services)
            destinations += s.destinations.size();
        // The operator's drains and weights (routerctl drain / weight), "VS/RS drained".
        nlohmann::json overrides = nlohmann::json::array();
        for (const std::string& key : state_.drained)
            overrides.push_back(key + " drained");
        for (const auto& [key, weight] : state_.weights)
            overrides.push_back(key + " weight " + std::to_string(weight));
        return nlohmann::json{{"forwarder", forwarder_name_},
                              {"virtual_servers", model_.virtual_servers.size()},
                              {"services", applied_.services.size()},
                              {"destinations", destinations},
                              {"overrides", overrides}}
            .dump();
    }

    std::string command(std::string_view request) override {
        const std::vector<std::string> args = common::command_args(request);
        const std::string verb = args.empty() ? "show" : args[0];
        if (verb == "show" || verb == "json") {
            const nlohmann::json view = status_json(forwarder_name_, model_, state_, running());
            return verb == "json" ? view.dump() : nlohmann::json(status_text(view)).dump();
        }
        if ((verb == "drain" || verb == "undrain") && args.size() == 3) {
            const std::string key = drain_target(args[1], args[2]);
            if (verb == "drain")
                state_.drained.insert(key);
            else
                state_.drained.erase(key);
            save_override(key);
            update(verb + " " + args[1] + " " + args[2] + " by the operator");
            return nlohmann::json(verb + "ed " + args[2] + " in " + args[1]).dump();
        }
        if (verb == "weight" && args.size() == 4) return set_weight(args[1], args[2], args[3]);
        throw std::runtime_error(
            "usage: routerctl ipvs [show | json | drain VS RS | undrain VS RS | weight VS RS N] "
            "(VS: virtual server name, RS: real server name or ip:port, N: 0..65535)");
    }

  private:
    // The configured weight again ends the override.
    std::string set_weight(const std::string& vs, const std::string& rs, const std::string& text) {
        const std::string key = drain_target(vs, rs);
        uint32_t weight = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), weight);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size() || weight > 65535)
            throw std::runtime_error("weight: '" + text + "' is not a whole number in 0..65535");
        const uint32_t configured = find_real_server(model_, key)->weight;
        if (weight == configured)
            state_.weights.erase(key);
        else
            state_.weights[key] = weight;
        save_override(key);
        update("weight " + vs + " " + rs + " " + text + " by the operator");
        return nlohmann::json("weight of " + rs + " in " + vs + ": " + text + " (configured " +
                              std::to_string(configured) +
                              (weight == configured ? ": no override" : "") + ")")
            .dump();
    }

    // The row of `key` as state_ has it now (none when nothing is overridden).
    void save_override(const std::string& key) {
        const bool drained = state_.drained.count(key) > 0;
        const auto weight = state_.weights.find(key);
        if (!drained && weight == state_.weights.end()) {
            host().store_write("DELETE FROM {ns}overrides WHERE real_server = ?", {key});
            return;
        }
        host().store_write(
            "INSERT OR REPLACE INTO {ns}overrides (real_server, drained, weight, configuration) "
            "VALUES (?, ?, CAST(NULLIF(?, '') AS INTEGER), ?)",
            {key, drained ? "1" : "0",
             weight == state_.weights.end() ? "" : std::to_string(weight->second),
             configuration_fingerprint(*find_real_server(model_, key))});
    }

    // At start: the overrides of the previous run, unless the configuration changed their real
    // server meanwhile.
    void read_overrides() {
        host().store_migrate(kMigrations);
        std::vector<std::string> ended;
        for (const sdk::Host::Row& row : host().store_query(
                 "SELECT real_server, drained, weight, configuration FROM {ns}overrides")) {
            const std::string key = row.at(0).value_or("");
            const RealServer* rs = find_real_server(model_, key);
            if (rs == nullptr || configuration_fingerprint(*rs) != row.at(3).value_or("")) {
                ended.push_back(key);
                continue;
            }
            if (row.at(1).value_or("0") == "1") state_.drained.insert(key);
            if (row.at(2)) state_.weights[key] = static_cast<uint32_t>(std::stoul(*row[2]));
            host().info("operator override of " + key +
                        " restored:" + (state_.drained.count(key) ? std::string(" drained") : "") +
                        (row.at(2) ? " weight " + *row[2] : ""));
        }
        end_overrides(ended,
                      "the configuration changed or removed that real server while routerd was "
                      "stopped");
    }

    void end_overrides(const std::vector<std::string>& keys, const std::string& why) {
        for (const std::string& key : keys) {
            clear_override(state_, key);
            host().store_write("DELETE FROM {ns}overrides WHERE real_server = ?", {key});
            host().info("operator override of " + key + " ends: " + why);
        }
    }

    std::string drain_target(const std::string& vs_name, const std::string& rs) const {
        for (const VirtualServer& vs : model_.virtual_servers) {
            if (vs.name != vs_name) continue;
            for (const RealServer& r : vs.real_servers) {
                if (r.name == rs || r.key() == rs) return drain_key(vs.name, r.key());
            }
            throw std::runtime_error("virtual server '" + vs_name + "' has no real server '" + rs +
                                     "'");
        }
        throw std::runtime_error("no virtual server '" + vs_name + "'");
    }

    void read_health() {
        for (const VirtualServer& vs : model_.virtual_servers) {
            for (const RealServer& rs : vs.real_servers) {
                for (const std::string& id : rs.check_ids) {
                    const sdk::CheckState s = host().check_state(id);
                    // With alpha a real server waits for each check's first word.
                    if (s != sdk::CheckState::unknown)
                        state_.health[id] = s == sdk::CheckState::up ? Health::up : Health::down;
                }
            }
        }
    }

    void on_check_result(const sdk::Event& e) {
        state_.health[e.subject] = e.state == 1 ? Health::up : Health::down;
        check_reasons_[e.subject] = e.reason;
        update("check " + e.subject + (e.state == 1 ? " up" : " down"));
    }

    void on_vrrp(const sdk::Event& e) {
        vrrp_states_[e.subject] = e.state;
        refresh_suspended();
        update("VRRP " + e.subject + " state " + std::to_string(e.state));
    }

    void refresh_suspended() {
        state_.suspended.clear();
        for (const VirtualServer& vs : model_.virtual_servers) {
            if (vs.ha_suspend.empty()) continue;
            auto it = vrrp_states_.find(vs.ha_suspend);
            if (it == vrrp_states_.end() || it->second != ROUTERD_VRRP_MASTER)
                state_.suspended.insert(vs.name);
        }
    }

    // Returns false when the forwarder refused the table.
    bool update(const std::string& cause, bool adds_real_servers = false) {
        if (!running_) return true;
        Desired desired = desired_table(model_, state_, applied_);
        desired.table.kernel = running_kernel_settings(model_, vrrp_states_, !started_);
        const std::map<std::string, bool> quorum_before = state_.quorum_up;
        state_.quorum_up = desired.quorum_up;
        const std::vector<std::string> quorum_lines =
            announce_quorum(quorum_before, desired.healthy_weight);
        const bool applied = apply(desired.table, cause, adds_real_servers);
        // After the real servers' lines, as Keepalived writes them.
        for (const std::string& line : quorum_lines)
            write_fifo(line);
        if (applied) started_ = true;
        metrics_.update(model_, state_, applied_, desired.healthy_weight);
        return applied;
    }

    // Logs a quorum change and runs its script (a virtual server not judged before counts as
    // up, as in Keepalived: one without quorum at start runs quorum_down); publishes every
    // change and every first verdict, so that a subscriber always knows the current state.
    // Returns the notify FIFO's lines for them.
    std::vector<std::string> announce_quorum(
        const std::map<std::string, bool>& before,
        const std::map<std::string, uint64_t>& healthy_weight) {
        std::vector<std::string> fifo_lines;
        for (const VirtualServer& vs : model_.virtual_servers) {
            auto was = before.find(vs.name);
            const bool first = was == before.end();
            const bool was_up = first || was->second;
            const bool now_up = state_.quorum_up[vs.name];
            const uint64_t weight = healthy_weight.at(vs.name);
            const std::string why =
                "healthy weight " + std::to_string(weight) + ", quorum " +
                std::to_string(vs.quorum) +
                (vs.hysteresis ? " hysteresis " + std::to_string(vs.hysteresis) : "");
            if (first || was_up != now_up)
                publish_quorum(vs, first ? -1 : was_up ? 1 : 0, now_up, weight, why);
            if (writes_quorum_line(first ? std::nullopt : std::optional(was_up), now_up,
                                   vs.sorry_server.has_value()))
                fifo_lines.push_back(virtual_server_fifo_line(vs, now_up));
            if (was_up == now_up) continue;
            host().log(now_up ? ROUTERD_LOG_INFO : ROUTERD_LOG_WARN,
                       "virtual server " + vs.name + ": quorum " + (now_up ? "regained" : "lost") +
                           " (" + why + ")");
            run_later(now_up ? vs.quorum_up : vs.quorum_down);
        }
        return fifo_lines;
    }

    void publish_quorum(const VirtualServer& vs, int32_t previous, bool now_up, uint64_t weight,
                        const std::string& why) {
        sdk::Event e;
        e.type = ROUTERD_EVENT_VIRTUAL_SERVER;
        e.subject = vs.name;
        for (const std::string& key : vs.service_keys())
            e.address += (e.address.empty() ? "" : ", ") + key;
        e.state = now_up ? 1 : 0;
        e.previous_state = previous;
        e.value = static_cast<int32_t>(std::min<uint64_t>(weight, INT32_MAX));
        e.reason = why;
        e.data = event_data(vs).dump();
        host().publish(e);
    }

    // The data every event about `vs` carries (plugin.h: smtp_alert, router_id).
    nlohmann::json event_data(const VirtualServer& vs) const {
        nlohmann::json data = nlohmann::json::object();
        if (vs.smtp_alert) data["smtp_alert"] = *vs.smtp_alert;
        if (!router_id_.empty()) data["router_id"] = router_id_;
        return data;
    }

    // Hands `table` to the forwarder and logs what changed; nullopt when it was refused.
    std::optional<std::vector<Change>> hand_over(const Table& table, const std::string& cause) {
        std::vector<Change> changes = reconcile(applied_, table);
        if ((changes.empty() && table.kernel == applied_.kernel) || !forwarder_)
            return std::vector<Change>{};
        const std::string json = to_json(table);
        if (!forwarder_->apply(json)) {
            host().error("forwarder '" + forwarder_name_ + "' refused the table (" + cause +
                         "); it keeps what it had");
            return std::nullopt;
        }
        for (const Change& c : changes) {
            host().info(to_string(c.kind) + " " + c.service.key +
                        (c.after
                             ? " " + c.after->key() + " weight " + std::to_string(c.after->weight)
                         : c.before ? " " + c.before->key()
                                    : "") +
                        " (" + cause + ")");
        }
        applied_ = table;
        return changes;
    }

    // `adds_real_servers`: the table is the first of this run or a reload's.
    bool apply(const Table& table, const std::string& cause, bool adds_real_servers) {
        const std::optional<std::vector<Change>> changes = hand_over(table, cause);
        if (!changes) return false;
        const std::vector<Transition> moved = transitions(*changes, model_, state_, check_reasons_);
        for (const Transition& t : moved)
            publish(t);
        std::vector<RealServerNotice> notices = real_server_notices(moved, model_);
        // keepalived.conf(5) rs_init_notifies: the real servers that a start or a reload puts
        // in notify only with it (Keepalived's init_service_rs()).
        if (adds_real_servers && !model_.rs_init_notifies)
            std::erase_if(notices, [](const RealServerNotice& n) { return n.up; });
        for (const RealServerNotice& notice : notices)
            write_fifo(real_server_fifo_line(notice));
        for (const std::string& script : notify_scripts(notices))
            run_later(script);
        return true;
    }

    // The configured FIFOs: [global] notify_fifo's path, written to while a FIFO is there (the
    // notify-fifo plugin makes it), and [ipvs] notify_fifo, kept open (its reader running)
    // while its settings stay the same.
    void open_fifos() {
        common::reconfigure_fifo_writer(global_fifo_, global_fifo_path_);
        try {
            // Destroying an old one waits for its reader to end: not on this thread.
            common::reconfigure_notify_fifo(fifo_, fifo_spec_, [this](std::function<void()> task) {
                host().post_blocking(std::move(task));
            });
        } catch (const std::exception& e) {
            host().error(std::string("notify_fifo: ") + e.what());
        }
    }

    // To [global] notify_fifo first, as the vrrp plugin writes.
    void write_fifo(const std::string& line) {
        const auto dropped = [this](const common::FifoWriter& fifo) {
            host().warn("notify_fifo " + fifo.drops_text());
        };
        if (global_fifo_ && !global_fifo_->write(line)) dropped(*global_fifo_);
        if (fifo_ && !fifo_->write(line)) dropped(fifo_->writer());
    }

    void publish(const Transition& t) {
        sdk::Event e;
        e.type = ROUTERD_EVENT_REAL_SERVER;
        e.subject = t.service_key;
        e.address = t.address;
        e.state = t.now_in ? 1 : 0;
        e.previous_state = t.was_in ? 1 : 0;
        e.value = static_cast<int32_t>(t.weight);
        e.reason = t.reason;
        for (const VirtualServer& vs : model_.virtual_servers)
            if (vs.name == t.virtual_server) e.data = event_data(vs).dump();
        host().log(t.now_in ? ROUTERD_LOG_INFO : ROUTERD_LOG_WARN,
                   "real server " + t.address + " of " + t.service_key +
                       (t.now_in ? " IN" : " OUT") + ": " + t.reason);
        host().publish(e);
    }

    void run_later(const std::string& script) {
        if (script.empty()) return;
        const sdk::Host h = host();
        h.post_blocking([h, script, policy = script_policy_] {
            const std::string failed = run_scripts({script}, kScriptTimeout, policy).front();
            if (!failed.empty()) h.warn("script '" + script + "' failed: " + failed);
        });
    }

    Table running() const {
        if (!forwarder_) return applied_;
        const std::optional<std::string> text = forwarder_->read();
        if (!text)
            throw std::runtime_error("the forwarder '" + forwarder_name_ + "' could not be read");
        return table_from_json(*text);
    }

    Model model_;
    RuntimeState state_;
    Table applied_;  // what the forwarder was last given
    std::map<std::string, std::string> check_reasons_;
    std::map<std::string, int32_t> vrrp_states_;
    std::string router_id_;
    common::ScriptPolicy script_policy_;  // [global] script_user, enable_script_security
    std::optional<common::NotifyFifoSpec> fifo_spec_;
    std::unique_ptr<common::NotifyFifo> fifo_;
    std::optional<std::string> global_fifo_path_;
    std::optional<common::FifoWriter> global_fifo_;
    std::string forwarder_name_;
    std::optional<sdk::Provider<sdk::Forwarder>> forwarder_;
    bool running_ = false;
    bool started_ = false;  // the forwarder took a table of this run (lvs_flush flushes before)
    ServiceMetrics metrics_;
    std::function<void(const sdk::Event&)> on_check_;
    std::function<void(const sdk::Event&)> on_vrrp_;
};

}  // namespace
}  // namespace routerd::ipvs

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::ipvs::IpvsService>("ipvs", "0.1.0");
}
