#include "event_alert.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

#include "server_address.hpp"

namespace routerd::smtp {
namespace {

// "smtp_alert" from the event's data; absent or unreadable data follows the default.
bool alert_switch(const std::string& data, bool fallback) {
    const nlohmann::json json = nlohmann::json::parse(data, nullptr, false);
    if (!json.is_object()) {
        return fallback;
    }
    const auto it = json.find("smtp_alert");
    return it != json.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

bool data_flag(const std::string& data, const char* key) {
    const nlohmann::json json = nlohmann::json::parse(data, nullptr, false);
    return json.is_object() && json.value(key, false) == true;
}

std::optional<VrrpState> vrrp_state(int32_t state) {
    switch (state) {
        case ROUTERD_VRRP_INIT:
            return std::nullopt;
        case ROUTERD_VRRP_BACKUP:
            return VrrpState::kBackup;
        case ROUTERD_VRRP_MASTER:
            return VrrpState::kMaster;
        case ROUTERD_VRRP_FAULT:
            return VrrpState::kFault;
        case ROUTERD_VRRP_STOP:
            return VrrpState::kStop;
        default:
            throw std::invalid_argument("unknown VRRP state " + std::to_string(state));
    }
}

bool up_or_down(int32_t state) {
    if (state != 0 && state != 1) {
        throw std::invalid_argument("state " + std::to_string(state) + " is neither 0 nor 1");
    }
    return state == 1;
}

}  // namespace

bool is_standalone_check(std::string_view check_id) {
    return check_id.find('@') == std::string_view::npos;
}

std::optional<Alert> alert_from_event(const sdk::Event& event, const AlertDefaults& defaults) {
    const bool vrrp = event.type == ROUTERD_EVENT_VRRP_TRANSITION;
    if (!alert_switch(event.data, vrrp ? defaults.vrrp : defaults.checker)) {
        return std::nullopt;
    }
    const std::chrono::sys_seconds time =
        std::chrono::floor<std::chrono::seconds>(std::chrono::sys_time<std::chrono::nanoseconds>(
            std::chrono::nanoseconds(static_cast<int64_t>(event.time_unix_ns))));
    switch (event.type) {
        case ROUTERD_EVENT_VRRP_TRANSITION: {
            const std::optional<VrrpState> state = vrrp_state(event.state);
            if (!state || (*state == VrrpState::kFault && !defaults.faults)) {
                return std::nullopt;
            }
            return Alert{time,
                         VrrpTransition{data_flag(event.data, "group"), event.subject, *state,
                                        event.value > 0 ? std::optional(event.value) : std::nullopt,
                                        event.reason}};
        }
        case ROUTERD_EVENT_REAL_SERVER: {
            const ServerAddress real = parse_server_address(event.address, 0);
            if (real.port == 0) {
                throw std::invalid_argument("real server '" + event.address + "' has no port");
            }
            return Alert{time, RealServerChange{real.host, real.port, up_or_down(event.state),
                                                event.subject, event.reason}};
        }
        case ROUTERD_EVENT_CHECK_RESULT: {
            const bool up = up_or_down(event.state);
            if (!is_standalone_check(event.subject) || (up && event.previous_state == -1)) {
                return std::nullopt;
            }
            return Alert{time, CheckChange{event.subject, event.address, up, event.reason}};
        }
        case ROUTERD_EVENT_VIRTUAL_SERVER: {
            // Like Keepalived: an alert when quorum is gained or lost, and at start only when
            // there is none.
            const bool up = up_or_down(event.state);
            if (up && event.previous_state == -1) {
                return std::nullopt;
            }
            return Alert{time, QuorumChange{event.subject, event.address, up, event.reason}};
        }
        default:
            return std::nullopt;
    }
}

}  // namespace routerd::smtp
