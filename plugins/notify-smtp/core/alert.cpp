#include "alert.hpp"

#include <algorithm>
#include <stdexcept>

#include "message.hpp"
#include "overloaded.hpp"

namespace routerd::smtp {
namespace {

std::string_view state_name(VrrpState state) {
    switch (state) {
        case VrrpState::kMaster:
            return "MASTER";
        case VrrpState::kBackup:
            return "BACKUP";
        case VrrpState::kFault:
            return "FAULT";
        case VrrpState::kStop:
            return "STOP";
    }
    return "UNKNOWN";
}

// "VRRP Instance VI_1", "Realserver [172.16.1.20]:80" (Keepalived brackets both
// IPv4 and IPv6 addresses).
std::string subject_of(const Alert& alert) {
    return std::visit(
        Overloaded{[](const VrrpTransition& t) {
                       return std::string(t.group ? "VRRP Group " : "VRRP Instance ") + t.name;
                   },
                   [](const RealServerChange& c) {
                       return "Realserver [" + c.address + "]:" + std::to_string(c.port);
                   },
                   [](const CheckChange& c) { return "Check " + c.check; },
                   [](const QuorumChange& c) { return "Virtualserver " + c.virtual_server; }},
        alert.event);
}

// "Entering MASTER state", "UP", "DOWN".
std::string change_of(const Alert& alert) {
    return std::visit(
        Overloaded{[](const VrrpTransition& t) {
                       return "Entering " + std::string(state_name(t.state)) + " state";
                   },
                   [](const RealServerChange& c) { return std::string(c.up ? "UP" : "DOWN"); },
                   [](const CheckChange& c) { return std::string(c.up ? "UP" : "DOWN"); },
                   [](const QuorumChange& c) { return std::string(c.up ? "UP" : "DOWN"); }},
        alert.event);
}

// "effective priority 100; tracked interface eth1 down", or "".
std::string details_of(const Alert& alert) {
    const auto join = [](std::string a, const std::string& b) {
        return a.empty() || b.empty() ? a + b : a + "; " + b;
    };
    return std::visit(
        Overloaded{[&](const VrrpTransition& t) {
                       const std::string priority =
                           t.effective_priority
                               ? "effective priority " + std::to_string(*t.effective_priority)
                               : "";
                       return join(priority, t.reason);
                   },
                   [&](const RealServerChange& c) {
                       const std::string service =
                           c.virtual_server.empty() ? "" : "virtual server " + c.virtual_server;
                       return join(service, c.reason);
                   },
                   [&](const CheckChange& c) {
                       return join(c.target.empty() ? "" : "target " + c.target, c.reason);
                   },
                   [&](const QuorumChange& c) {
                       return join(c.services,
                                   (c.up ? "quorum gained: " : "quorum lost: ") + c.reason);
                   }},
        alert.event);
}

std::string footer(const AlertContext& context) {
    return "\nHost: " + context.host_name + "\nRouter ID: " + context.router_id + "\n";
}

}  // namespace

std::string alert_key(const Alert& alert) {
    const auto* change = std::get_if<RealServerChange>(&alert.event);
    return change && !change->virtual_server.empty()
               ? subject_of(alert) + " of " + change->virtual_server
               : subject_of(alert);
}

AlertText render_alerts(const AlertContext& context, std::span<const Alert> alerts) {
    if (alerts.empty()) {
        throw std::invalid_argument("no alert to render");
    }
    const std::string key = alert_key(alerts.front());
    if (!std::ranges::all_of(alerts, [&](const Alert& a) { return alert_key(a) == key; })) {
        throw std::invalid_argument("alerts about different things cannot share a message");
    }
    const std::string prefix = "[" + context.router_id + "] " + subject_of(alerts.front());
    const auto when = [&](const Alert& a) { return rfc5322_date(a.time, context.utc_offset); };
    if (alerts.size() == 1) {
        const Alert& alert = alerts.front();
        const std::string details = details_of(alert);
        return {prefix + " - " + change_of(alert),
                subject_of(alert) + ": " + change_of(alert) + "\n\nTime: " + when(alert) +
                    (details.empty() ? "" : "\nDetails: " + details) + "\n" + footer(context)};
    }
    std::string body = subject_of(alerts.front()) + " changed " + std::to_string(alerts.size()) +
                       " times (flapping):\n\n";
    for (const Alert& alert : alerts) {
        const std::string details = details_of(alert);
        body += when(alert) + "  " + change_of(alert) +
                (details.empty() ? "" : " (" + details + ")") + "\n";
    }
    return {prefix + " - Flapping: " + std::to_string(alerts.size()) + " changes, last " +
                change_of(alerts.back()),
            body + footer(context)};
}

}  // namespace routerd::smtp
