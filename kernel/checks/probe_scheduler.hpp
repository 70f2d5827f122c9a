#pragma once

#include <chrono>
#include <memory>
#include <queue>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "runtime/runtime.hpp"

namespace routerd {

class RunningCheck;

// The attempts of one checker plugin's checks, in time order, on that plugin's strand: one
// timer for them all, firing at the end of the millisecond the next attempt is due in, and
// every attempt due by then runs in the same handler. A check costs no timer and no hop
// between executors of its own.
class ProbeScheduler : public std::enable_shared_from_this<ProbeScheduler> {
  public:
    using Clock = std::chrono::steady_clock;

    explicit ProbeScheduler(Strand strand);

    // Any thread. The check's attempt runs at `due`; this replaces its earlier schedule.
    void schedule(std::shared_ptr<RunningCheck> check, Clock::time_point due);
    // From outside the runtime's threads: forgets every schedule (at stop).
    void clear(Runtime& runtime);

  private:
    struct Entry {
        Clock::time_point due;
        uint64_t generation;  // the check's schedule this entry was made for
        std::shared_ptr<RunningCheck> check;
        bool operator>(const Entry& other) const { return due > other.due; }
    };

    // On the strand.
    void push(std::shared_ptr<RunningCheck> check, Clock::time_point due);
    void arm();
    void run_due();

    Strand strand_;
    boost::asio::steady_timer timer_;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
    Clock::time_point armed_for_ = Clock::time_point::max();
    bool running_due_ = false;
};

}  // namespace routerd
