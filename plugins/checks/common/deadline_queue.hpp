#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <queue>
#include <unordered_set>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace routerd::checks {

// The deadlines of many attempts on one loop behind a single timer, for checkers that run
// thousands of attempts a second: an attempt costs a heap entry, where an Asio timer of its
// own costs a timerfd_settime to arm and a handler run to cancel. The timer fires up to
// `kSlack` late, so that one wake-up expires a batch. On the loop only.
class DeadlineQueue {
  public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds kSlack{10};

    // on_expiry(key) runs on the loop for each key whose deadline passed before remove(key).
    DeadlineQueue(boost::asio::io_context& io, std::function<void(uint64_t key)> on_expiry);

    uint64_t add(Clock::time_point deadline);
    void remove(uint64_t key);

  private:
    using Entry = std::pair<Clock::time_point, uint64_t>;

    void arm(Clock::time_point when);
    void expire();

    std::function<void(uint64_t)> on_expiry_;
    boost::asio::steady_timer timer_;
    Clock::time_point armed_for_ = Clock::time_point::max();
    uint64_t next_key_ = 0;
    std::unordered_set<uint64_t> pending_;
    // Earliest first. A removed key leaves its entry behind, skipped when it comes up.
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> entries_;
};

}  // namespace routerd::checks
