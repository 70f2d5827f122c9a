#include "alert_json.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <stdexcept>

#include "overloaded.hpp"

namespace routerd::smtp {
namespace {

constexpr std::array<std::pair<VrrpState, const char*>, 4> kStates = {{
    {VrrpState::kMaster, "MASTER"},
    {VrrpState::kBackup, "BACKUP"},
    {VrrpState::kFault, "FAULT"},
    {VrrpState::kStop, "STOP"},
}};

const char* state_text(VrrpState state) {
    for (const auto& [value, text] : kStates) {
        if (value == state) return text;
    }
    throw std::invalid_argument("unknown VRRP state");
}

VrrpState state_from(const std::string& text) {
    for (const auto& [value, name] : kStates) {
        if (text == name) return value;
    }
    throw std::invalid_argument("unknown VRRP state '" + text + "'");
}

nlohmann::json event_json(const Alert& alert) {
    return std::visit(Overloaded{[](const VrrpTransition& t) {
                                     nlohmann::json j{{"kind", "vrrp"},
                                                      {"group", t.group},
                                                      {"name", t.name},
                                                      {"state", state_text(t.state)},
                                                      {"reason", t.reason}};
                                     if (t.effective_priority)
                                         j["priority"] = *t.effective_priority;
                                     return j;
                                 },
                                 [](const RealServerChange& c) {
                                     return nlohmann::json{{"kind", "real_server"},
                                                           {"address", c.address},
                                                           {"port", c.port},
                                                           {"up", c.up},
                                                           {"virtual_server", c.virtual_server},
                                                           {"reason", c.reason}};
                                 },
                                 [](const CheckChange& c) {
                                     return nlohmann::json{{"kind", "check"},
                                                           {"check", c.check},
                                                           {"target", c.target},
                                                           {"up", c.up},
                                                           {"reason", c.reason}};
                                 },
                                 [](const QuorumChange& c) {
                                     return nlohmann::json{{"kind", "quorum"},
                                                           {"virtual_server", c.virtual_server},
                                                           {"services", c.services},
                                                           {"up", c.up},
                                                           {"reason", c.reason}};
                                 }},
                      alert.event);
}

}  // namespace

std::string alert_to_json(const Alert& alert) {
    nlohmann::json j = event_json(alert);
    j["time"] = alert.time.time_since_epoch().count();
    return j.dump();
}

Alert alert_from_json(std::string_view text) {
    try {
        const nlohmann::json j = nlohmann::json::parse(text);
        Alert alert{std::chrono::sys_seconds(std::chrono::seconds(j.at("time").get<int64_t>())),
                    {}};
        const std::string kind = j.at("kind").get<std::string>();
        if (kind == "vrrp") {
            VrrpTransition t{j.at("group").get<bool>(), j.at("name").get<std::string>(),
                             state_from(j.at("state").get<std::string>()), std::nullopt,
                             j.at("reason").get<std::string>()};
            if (j.contains("priority")) t.effective_priority = j.at("priority").get<int>();
            alert.event = std::move(t);
        } else if (kind == "real_server") {
            const int port = j.at("port").get<int>();
            if (port < 0 || port > 65535) {
                throw std::invalid_argument("port " + std::to_string(port) + " out of range");
            }
            alert.event = RealServerChange{j.at("address").get<std::string>(),
                                           static_cast<std::uint16_t>(port), j.at("up").get<bool>(),
                                           j.at("virtual_server").get<std::string>(),
                                           j.at("reason").get<std::string>()};
        } else if (kind == "check") {
            alert.event =
                CheckChange{j.at("check").get<std::string>(), j.at("target").get<std::string>(),
                            j.at("up").get<bool>(), j.at("reason").get<std::string>()};
        } else if (kind == "quorum") {
            alert.event = QuorumChange{j.at("virtual_server").get<std::string>(),
                                       j.at("services").get<std::string>(), j.at("up").get<bool>(),
                                       j.at("reason").get<std::string>()};
        } else {
            throw std::invalid_argument("unknown alert kind '" + kind + "'");
        }
        return alert;
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(std::string("not a stored alert: ") + e.what());
    }
}

}  // namespace routerd::smtp
