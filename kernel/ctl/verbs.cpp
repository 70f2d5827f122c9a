#include "ctl/verbs.hpp"

#include <map>

#include "ctl/render.hpp"

namespace routerd::ctl {
namespace {

// Verbs that are a plugin's, under the plugin's name, and the arguments their table asks for.
struct PluginVerb {
    std::string plugin;
    std::vector<std::string> table_args;  // sent when the verb has no arguments of its own
};

const std::map<std::string, PluginVerb>& plugin_verbs() {
    static const std::map<std::string, PluginVerb> verbs = {
        {"vrrp", {"vrrp", {"json"}}},
        {"vs", {"ipvs", {"json"}}},
        {"alerts", {"notify-smtp", {"list"}}},
        {"drain", {"ipvs", {}}},
        {"undrain", {"ipvs", {}}},
        {"weight", {"ipvs", {}}},
    };
    return verbs;
}

nlohmann::json plugin_request(const std::string& plugin, const std::vector<std::string>& args) {
    return {{"command", "plugin"}, {"plugin", plugin}, {"request", {{"args", args}}}};
}

// `vrrp`, `vs` and `alerts` without arguments are shown as tables; with arguments (`alerts
// test`, `vrrp json`) the plugin's own answer is shown as it comes.
bool shown_as_table(const Invocation& inv) {
    return inv.args.empty() && (inv.verb == "vrrp" || inv.verb == "vs" || inv.verb == "alerts");
}

}  // namespace

nlohmann::json request_for(const Invocation& inv, int64_t now_unix_ns) {
    if (inv.verb == "status" || inv.verb == "checks" || inv.verb == "reload")
        return {{"command", inv.verb}};
    if (inv.verb == "history") {
        nlohmann::json request = {{"command", "history"}};
        if (inv.history.since) request["since_unix_ns"] = now_unix_ns - inv.history.since->count();
        if (inv.history.instance) request["subject"] = *inv.history.instance;
        if (inv.history.limit) request["limit"] = *inv.history.limit;
        return request;
    }
    const auto verb = plugin_verbs().find(inv.verb);
    if (verb == plugin_verbs().end()) return plugin_request(inv.verb, inv.args);  // a plugin
    if (shown_as_table(inv)) return plugin_request(verb->second.plugin, verb->second.table_args);
    std::vector<std::string> args = inv.args;
    if (verb->second.table_args.empty()) args.insert(args.begin(), inv.verb);  // drain VS RS
    return plugin_request(verb->second.plugin, args);
}

std::string render_answer(const Invocation& inv, const nlohmann::json& answer) {
    if (inv.verb == "status") return render_status(answer.at("status"));
    if (inv.verb == "checks") return render_checks(answer.at("checks"));
    if (inv.verb == "reload") return render_reload(answer);
    if (inv.verb == "history") return render_history(answer.at("history"));
    const nlohmann::json& result = answer.at("result");
    if (shown_as_table(inv)) {
        if (inv.verb == "vrrp") return render_vrrp(result);
        return inv.verb == "vs" ? render_virtual_servers(result) : render_alerts(result);
    }
    return (result.is_string() ? result.get<std::string>() : result.dump(2)) + "\n";
}

const char* const kUsage = R"(usage: routerctl [--socket PATH] [--json] COMMAND [ARGS...]

commands:
  status             routerd, its plugins (with versions and status), standalone checks
  vrrp               VRRP instances and sync groups: state, priority, master, why
  checks             standalone checks: state, probes, failures, last reason
  vs                 virtual and real servers: health, weight, connections, overrides
  alerts             queued, sent and failed alerts; `alerts test` sends one
  history [--since DURATION] [--instance NAME] [--limit N]
                     recorded state changes (VRRP transitions, checks, BGP announcements)
                     with their reasons, newest first; DURATION as in the configuration
                     ("90s", "1h30m"); NAME the subject, e.g. an instance or a check
  drain VS RS        real server RS of virtual server VS to weight 0 (connections stay)
  undrain VS RS      back to its weight
  weight VS RS N     run RS at weight N (0..65535) instead of the configured one
                     drain and weight apply at once, survive a restart, and end when a
                     reload changes that real server (RS: its name or ip:port)
  reload             re-read the configuration (as SIGHUP does) and say what changed
  announce-bgp       BGP announcements; `announce-bgp undrain` announces again
  drain-node         withdraw every BGP announcement, wait until the connections to the VIPs
                     are gone, then say it is safe to stop
  PLUGIN [ARGS...]   a command for one plugin, e.g. `routerctl ipvs json`

options:
  --socket PATH      control socket (default /run/routerd/routerd.sock)
  --json             print routerd's JSON answer as it is (stable keys, for scripts)
  -h, --help         this text

exit codes:
  0  done
  1  routerd answered with an error (unknown virtual server, refused reload, ...)
  2  the command line is wrong; nothing was sent
  3  routerd could not be reached (no socket, connection refused or closed)
)";

}  // namespace routerd::ctl
