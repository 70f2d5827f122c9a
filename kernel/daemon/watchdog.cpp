#include "daemon/watchdog.hpp"

#include <unistd.h>

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "daemon/sd_notify.hpp"
#include "util/log.hpp"

namespace routerd {

namespace {

// TEXT as a whole, in decimal digits only.
template <typename Number>
std::optional<Number> parse_decimal(const char* text) {
    Number value{};
    const char* end = text + std::strlen(text);
    if (text == end || *text == '-' || *text == '+') return std::nullopt;
    const auto [rest, error] = std::from_chars(text, end, value);
    if (error != std::errc() || rest != end) return std::nullopt;
    return value;
}

}  // namespace

std::optional<std::chrono::microseconds> Watchdog::requested_period() {
    return period_from(std::getenv("WATCHDOG_USEC"), std::getenv("WATCHDOG_PID"), ::getpid());
}

std::optional<std::chrono::microseconds> Watchdog::period_from(const char* watchdog_usec,
                                                               const char* watchdog_pid,
                                                               pid_t self) {
    if (watchdog_usec == nullptr) return std::nullopt;
    const auto usec = parse_decimal<uint64_t>(watchdog_usec);
    // 0 and UINT64_MAX (infinity) are no period; nor, here, what microseconds cannot hold.
    constexpr auto longest = static_cast<uint64_t>(std::chrono::microseconds::max().count());
    if (!usec || *usec == 0 || *usec > longest) return std::nullopt;
    if (watchdog_pid != nullptr) {
        const auto pid = parse_decimal<pid_t>(watchdog_pid);
        if (!pid || *pid != self) return std::nullopt;
    }
    return std::chrono::microseconds(*usec);
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
