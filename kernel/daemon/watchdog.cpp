#include "daemon/watchdog.hpp"

#include <systemd/sd-daemon.h>

#include "daemon/sd_notify.hpp"
#include "util/log.hpp"

namespace routerd {

std::optional<std::chrono::microseconds> Watchdog::requested_period() {
    uint64_t usec = 0;
    if (::sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
    return std::chrono::microseconds(usec);
}

std::chrono::nanoseconds Watchdog::heartbeat_interval(
    std::optional<std::chrono::microseconds> period) {
    if (!period) return std::chrono::seconds(1);
    return std::chrono::duration_cast<std::chrono::nanoseconds>(*period) / 4;
}

Watchdog::Watchdog(const Heartbeats& heartbeats)
    : heartbeats_(heartbeats), thread_([this] { run(); }) {}

Watchdog::~Watchdog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void Watchdog::run() {
    auto log = logger_for("routerd");
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        const std::vector<std::string> stale = heartbeats_.stale(Heartbeats::Clock::now());
        if (stale.empty()) sd_notify_state("WATCHDOG=1");
        if (stale != stale_) {
            std::string names;
            for (const std::string& name : stale)
                names += (names.empty() ? "" : ", ") + name;
            if (!stale.empty()) {
                log->error(
                    "watchdog: not fed by {}: no longer telling systemd that routerd is "
                    "alive (it restarts routerd when WatchdogSec= runs out)",
                    names);
            } else {
                log->warn("watchdog: every heartbeat is fed again: telling systemd again");
            }
            stale_ = stale;
        }
        wake_.wait_for(lock, heartbeats_.interval(), [this] { return stopping_; });
    }
}

}  // namespace routerd
