// Whether one prefix is announced: health in, announce/withdraw out, with a hold-down before
// an announcement and a minimum time an announcement stays, so a flapping service does not
// flap the routers behind it (RFC 2439 damping does the same on the routers' side). Pure:
// the caller passes the clock and asks again at next_change().
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace routerd::announce_bgp {

using Nanos = std::chrono::nanoseconds;

struct Timing {
    // Health must hold this long, unbroken, before the prefix is announced.
    Nanos hold_down{0};
    // Once announced, the prefix stays at least this long, healthy or not (a drain does not
    // wait for it).
    Nanos min_announce{0};
};

// What the route should be now and why.
struct Verdict {
    bool announced = false;
    std::string reason;
    Nanos since{0};  // when `announced` last changed (or when this announcement was made)
};

class Announcement {
  public:
    Announcement(Timing timing, Nanos now);

    // Health of what the prefix stands for (quorum up, VRRP MASTER, the checks up), with why.
    void set_healthy(bool healthy, const std::string& why, Nanos now);
    // A reload's new timing: what is announced stays announced, and a hold-down or minimum
    // announce time under way is measured against the new one from when it began.
    void set_timing(Timing timing, Nanos now);
    // routerctl drain-node: withdraw at once and stay withdrawn until the drain ends.
    void set_draining(bool draining, Nanos now);

    // The verdict at `now` (moves the state forward when a timer ran out).
    const Verdict& verdict(Nanos now);
    // When the verdict may change with no new input; nullopt when only input changes it.
    std::optional<Nanos> next_change() const;

    bool healthy() const { return healthy_; }

  private:
    void settle(Nanos now);
    void change(bool announced, std::string reason, Nanos now);

    Timing timing_;
    bool healthy_ = false;
    bool draining_ = false;
    std::string why_ = "no health reported yet";
    Nanos healthy_since_{0};
    Verdict verdict_;
};

}  // namespace routerd::announce_bgp
