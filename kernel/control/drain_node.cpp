#include "control/drain_node.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "control/control_server.hpp"

namespace routerd {

namespace {

nlohmann::json ask(const std::filesystem::path& socket, const char* verb) {
    const nlohmann::json answer = control_request(
        socket,
        {{"command", "plugin"}, {"plugin", "announce-bgp"}, {"request", {{"args", {verb}}}}});
    if (!answer.value("ok", false))
        throw std::runtime_error(answer.value("error", std::string("announce-bgp refused")));
    return answer.at("result");
}

}  // namespace

int drain_node(const std::filesystem::path& socket, std::ostream& out) {
    nlohmann::json state = ask(socket, "drain");
    for (const auto& p : state.at("prefixes"))
        out << p.at("prefix").get<std::string>() << ": " << p.at("reason").get<std::string>()
            << "\n";
    int last = -1;
    for (;;) {
        const nlohmann::json& drain = state.at("drain");
        const int connections = drain.at("connections").get<int>();
        if (drain.at("safe_to_stop").get<bool>()) {
            if (drain.at("timed_out").get<bool>() && connections > 0)
                out << "drain timeout: " << connections
                    << " connections still open; safe to stop\n";
            else
                out << "no connections left: safe to stop\n";
            return 0;
        }
        if (connections != last) out << connections << " connections still open\n" << std::flush;
        last = connections;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        state = ask(socket, "show");
    }
}

}  // namespace routerd
