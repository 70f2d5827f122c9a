// What an alert says: Keepalived-style subjects and a plain-text body, for one
// event or for a coalesced run of events about the same thing (flapping).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>

namespace routerd::smtp {

enum class VrrpState { kMaster, kBackup, kFault, kStop };

struct VrrpTransition {
    bool group = false;  // a sync group rather than an instance
    std::string name;    // "VI_1", "G1"
    VrrpState state = VrrpState::kBackup;
    std::optional<int> effective_priority;
    std::string reason;  // why, if known ("tracked interface eth1 down")
};

struct RealServerChange {
    std::string address;  // "172.16.1.20", "2001:db8::20"
    std::uint16_t port = 0;
    bool up = false;
    std::string virtual_server;  // "172.16.0.100:80", if known
    std::string reason;          // the check's explanation ("HTTP_GET: status 503")
};

// A standalone health check ([checks.NAME]) changed state.
struct CheckChange {
    std::string check;   // "ssh"
    std::string target;  // "127.0.0.1:22"
    bool up = false;
    std::string reason;  // the checker's explanation ("connection refused")
};

// A virtual server gained or lost its quorum.
struct QuorumChange {
    std::string virtual_server;  // "web" ([ipvs.virtual_server.NAME])
    std::string services;        // "tcp:172.16.0.100:80"
    bool up = false;
    std::string reason;  // "healthy weight 0, quorum 1"
};

struct Alert {
    std::chrono::sys_seconds time;
    std::variant<VrrpTransition, RealServerChange, CheckChange, QuorumChange> event;
};

struct AlertContext {
    std::string router_id;  // Keepalived's router_id, in brackets in every subject
    std::string host_name;
    std::chrono::minutes utc_offset{0};  // zone in which times are shown
};

struct AlertText {
    std::string subject;
    std::string body;  // LF line endings; format_message() makes them CRLF
};

// What alerts are about: those with the same key may be coalesced into one mail.
std::string alert_key(const Alert& alert);

// One alert: "[LVS1] VRRP Instance VI_1 - Entering MASTER state",
// "[LVS1] VRRP Group G1 - Entering BACKUP state",
// "[LVS1] Realserver [172.16.1.20]:80 - DOWN", "[LVS1] Check ssh - DOWN",
// "[LVS1] Virtualserver web - DOWN" (quorum).
// Several alerts of one key, oldest first: one message listing each change with
// its time. Throws std::invalid_argument if `alerts` is empty or mixes keys.
AlertText render_alerts(const AlertContext& context, std::span<const Alert> alerts);

}  // namespace routerd::smtp
