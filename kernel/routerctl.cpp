// routerctl: talks to a running routerd over its control socket. Parsing, requests and tables
// are in ctl/; this file wires them to the socket, the clock and the exit codes.
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "control/control_server.hpp"
#include "control/drain_node.hpp"
#include "ctl/exit_code.hpp"
#include "ctl/invocation.hpp"
#include "ctl/verbs.hpp"

namespace {

using namespace routerd::ctl;

int64_t unix_now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int run(const Invocation& inv) {
    if (inv.verb == "drain-node") return routerd::drain_node(inv.socket, std::cout);
    const nlohmann::json answer =
        routerd::control_request(inv.socket, request_for(inv, unix_now_ns()));
    const bool ok = answer.value("ok", false);
    if (inv.json) {
        std::cout << answer.dump(2) << "\n";
    } else if (ok || inv.verb == "reload") {
        std::cout << render_answer(inv, answer);  // a refused reload lists its errors
    } else {
        std::cerr << "routerctl: " << answer.value("error", std::string("routerd said no")) << "\n";
    }
    return ok ? kExitOk : kExitRouterdError;
}

}  // namespace

int main(int argc, char** argv) {
    Invocation inv;
    try {
        inv = parse_invocation(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const UsageError& e) {
        std::cerr << "routerctl: " << e.what() << "\n\n" << kUsage;
        return kExitUsage;
    }
    if (inv.help) {
        std::cout << kUsage;
        return kExitOk;
    }
    try {
        return run(inv);
    } catch (const routerd::ControlUnreachable& e) {
        std::cerr << "routerctl: " << e.what() << "\n";
        return kExitUnreachable;
    } catch (const std::exception& e) {
        std::cerr << "routerctl: " << e.what() << "\n";
        return kExitRouterdError;
    }
}
