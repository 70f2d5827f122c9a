#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace routerd {

// The liveness of the loops that run on threads of their own (VRRP's), which the host cannot
// see turn: each declares a heartbeat and feeds it every interval() from that loop. One that
// was not fed within two intervals is stale: the watchdog (daemon/watchdog.hpp) then stops
// telling systemd that routerd is alive. Pure (times come in); thread-safe.
class Heartbeats {
  public:
    using Clock = std::chrono::steady_clock;

    explicit Heartbeats(std::chrono::nanoseconds interval) : interval_(interval) {}

    std::chrono::nanoseconds interval() const { return interval_; }
    // A new heartbeat, fed at `now`; returns its id (> 0).
    uint64_t declare(std::string name, Clock::time_point now);
    void feed(uint64_t id, Clock::time_point now);
    void retire(uint64_t id);

    struct Beat {
        std::string name;
        std::chrono::nanoseconds age;  // since it was last fed
        bool stale = false;            // not fed within two intervals
    };
    std::vector<Beat> beats(Clock::time_point now) const;
    // The names of the stale ones (empty: every loop turns).
    std::vector<std::string> stale(Clock::time_point now) const;

  private:
    struct Entry {
        std::string name;
        Clock::time_point fed;
    };

    const std::chrono::nanoseconds interval_;
    mutable std::mutex mutex_;
    uint64_t next_id_ = 1;
    std::map<uint64_t, Entry> entries_;
};

}  // namespace routerd
