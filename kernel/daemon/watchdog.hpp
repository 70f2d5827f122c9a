#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "host/heartbeats.hpp"

namespace routerd {

// systemd's watchdog (WatchdogSec=): a thread of the host's own sends WATCHDOG=1 every
// heartbeat interval, but only while every declared heartbeat is fresh. VRRP feeds its heartbeat
// from its own loop, so a VRRP thread that stops turning (a deadlock, a blocking call on the
// loop) stops the pings, and systemd restarts routerd: a router whose adverts stopped must not
// keep its addresses while it looks alive.
class Watchdog {
  public:
    // The period systemd asked of this process (WATCHDOG_USEC), if any.
    static std::optional<std::chrono::microseconds> requested_period();
    // What sd_watchdog_enabled(3) reads from the environment: WATCHDOG_USEC, a positive count of
    // microseconds (0 and UINT64_MAX, infinity, mean none), asked of process SELF unless
    // WATCHDOG_PID names another (a child that inherited its parent's environment). Nothing when
    // the period is unset or either value does not parse.
    static std::optional<std::chrono::microseconds> period_from(const char* watchdog_usec,
                                                                const char* watchdog_pid,
                                                                pid_t self);
    // How often loops feed their heartbeats: a quarter of the period, so that a stale heartbeat
    // (two intervals) stops the pings with half the period left; every second without one
    // (routerctl status still shows each heartbeat's age).
    static std::chrono::nanoseconds heartbeat_interval(
        std::optional<std::chrono::microseconds> period);

    // Starts the thread.
    explicit Watchdog(const Heartbeats& heartbeats);
    ~Watchdog();  // stops it
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

  private:
    void run();

    const Heartbeats& heartbeats_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::vector<std::string> stale_;  // as of the last turn, to log changes once
    std::thread thread_;
};

}  // namespace routerd
