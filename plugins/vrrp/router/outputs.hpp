// What the router tells the rest of routerd (plugin.cpp turns each into events, history rows
// and store records). Every callback runs on the router's thread.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "install_journal.hpp"
#include "instance_config.hpp"
#include "machine.hpp"
#include "routerd/common/log_throttle.hpp"
#include "vrrp_metrics.hpp"

namespace routerd::vrrp {

// routerd_log_level_t, without the SDK.
inline constexpr int kDebug = 1, kInfo = 2, kWarn = 3, kError = 4;

// Log lines that packets can trigger (a drop, a lower-priority master, a failed send): each
// kind under a throttle of its own, so that a flood of them cannot flood the log.
inline common::LogThrottle packet_log_throttle() {
    return common::LogThrottle(5, std::chrono::seconds(10));
}

// A state change of an instance or a sync group, for events, history and notify scripts.
struct Transition {
    std::string name;
    bool group = false;
    State from = State::initialize;
    State to = State::initialize;
    int priority = 0;
    std::string master;  // the master's address as last seen
    std::string reason;
    NotifyScripts notify;
    std::optional<bool> smtp_alert;
    bool stop = false;  // the instance stopped (notify_stop), rather than entered `to`
};

struct Outputs {
    std::function<void(const Transition&)> transition;
    InstallRecords records;  // what is installed, for crash clean-up
    std::function<void(int level, const std::string&)> log;  // routerd_log_level_t
    // Called from the router's loop every heartbeat_interval: routerd's systemd watchdog
    // stops when it is not, so a stuck loop gets routerd restarted.
    std::function<void()> heartbeat;
    std::chrono::nanoseconds heartbeat_interval = std::chrono::seconds(1);
    VrrpMetrics metrics;  // detached when none is given

    void say(int level, const std::string& message) const {
        if (log) log(level, message);
    }
    void say(common::LogThrottle& throttle, int level, const std::string& message) const {
        if (auto line = throttle.admit(std::chrono::steady_clock::now(), message)) {
            say(level, *line);
        }
    }
};

}  // namespace routerd::vrrp
