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

// A stored row's whole number within [low, high]: get<>() would convert a float or a larger
// number silently, out of range undefined (the store file is outside routerd's control).
std::int64_t whole_number(const nlohmann::json& j, const char* key, std::int64_t low,
                          std::int64_t high) {
    const nlohmann::json& value = j.at(key);
    if (!value.is_number_integer() ||
        (value.is_number_unsigned() && value.get<std::uint64_t>() > std::uint64_t(high)) ||
        (!value.is_number_unsigned() &&
         (value.get<std::int64_t>() < low || value.get<std::int64_t>() > high))) {
        throw std::invalid_argument(std::string(key) + " " + value.dump() +
                                    " is not a whole number in [" + std::to_string(low) + ", " +
                                    std::to_string(high) + "]");
    }
    return value.get<std::int64_t>();
}

// Times a mail can show: from the epoch to the end of year 9999.
constexpr std::int64_t kLastSecond = 253402300799;

}  // namespace

std::string alert_to_json(const Alert& alert) {
    nlohmann::json j = event_json(alert);
    j["time"] = alert.time.time_since_epoch().count();
    return j.dump();
}

Alert alert_from_json(std::string_view text) {
    try {
        const nlohmann::json j = nlohmann::json::parse(text);
        Alert alert{
            std::chrono::sys_seconds(std::chrono::seconds(whole_number(j, "time", 0, kLastSecond))),
            {}};
        const std::string kind = j.at("kind").get<std::string>();
        if (kind == "vrrp") {
            VrrpTransition t{j.at("group").get<bool>(), j.at("name").get<std::string>(),
                             state_from(j.at("state").get<std::string>()), std::nullopt,
                             j.at("reason").get<std::string>()};
            if (j.contains("priority"))
                t.effective_priority = static_cast<int>(whole_number(j, "priority", 0, 255));
            alert.event = std::move(t);
        } else if (kind == "real_server") {
            const auto port = whole_number(j, "port", 0, 65535);
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
