// routerctl: talks to a running routerd over its control socket.
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "control/control_server.hpp"
#include "control/drain_node.hpp"
#include "control/status_text.hpp"

namespace {

const char* kUsage = R"(usage: routerctl [--socket PATH] [--json] COMMAND [ARGS...]

commands:
  status             plugins (with versions), uptime, configuration, per-plugin status
  checks             standalone checks: state, probes, failures, last reason
  reload             re-read the configuration (as SIGHUP does) and say what changed
  PLUGIN [ARGS...]   a command for one plugin, e.g. `routerctl vrrp`
  vs [ARGS...]       virtual and real servers (the ipvs plugin)
  alerts [ARGS...]   queued, sent and failed alerts; `alerts test` sends one (notify-smtp)
  announce-bgp       BGP announcements: announced or not, why, since when;
                     `announce-bgp undrain` announces again after a drain
  drain-node         withdraw every BGP announcement, wait until the connections to the VIPs
                     are gone (or announce-bgp's drain_timeout), then say it is safe to stop

options:
  --socket PATH      control socket (default /run/routerd/routerd.sock)
  --json             print routerd's JSON answer as it is
)";

}  // namespace

int main(int argc, char** argv) {
    std::string socket = "/run/routerd/routerd.sock";
    bool json = false;
    std::vector<std::string> words;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--socket" && i + 1 < argc) {
            socket = argv[++i];
        } else if (arg.rfind("--socket=", 0) == 0) {
            socket = arg.substr(9);
        } else if (arg == "--json") {
            json = true;
        } else if (arg == "-h" || arg == "--help") {
            std::cout << kUsage;
            return 0;
        } else {
            words.push_back(arg);
        }
    }
    if (words.empty()) {
        std::cerr << kUsage;
        return 2;
    }
    nlohmann::json request;
    // Short names for the plugins people ask about most.
    static const std::map<std::string, std::string> kAliases = {{"vs", "ipvs"},
                                                                {"alerts", "notify-smtp"}};
    const std::string command = kAliases.count(words[0]) ? kAliases.at(words[0]) : words[0];
    if (command == "drain-node") {
        try {
            return routerd::drain_node(socket, std::cout);
        } catch (const std::exception& e) {
            std::cerr << "routerctl: " << e.what() << "\n";
            return 1;
        }
    }
    if (command == "status" || command == "checks" || command == "reload") {
        request = {{"command", command}};
    } else {
        request = {
            {"command", "plugin"},
            {"plugin", command},
            {"request", {{"args", std::vector<std::string>(words.begin() + 1, words.end())}}}};
    }
    try {
        const nlohmann::json answer = routerd::control_request(socket, request);
        if (json) {
            std::cout << answer.dump(2) << "\n";
        } else {
            std::cout << routerd::status_text(command, answer);
        }
        return answer.value("ok", false) ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "routerctl: " << e.what() << "\n";
        return 1;
    }
}
