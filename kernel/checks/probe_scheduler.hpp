#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "runtime/runtime.hpp"

namespace routerd {

class RunningCheck;

// The attempts of one checker plugin's checks, on that plugin's strand: one timer for them
// all, firing at the end of the 10 ms batch the next attempt is due in, and every attempt of
// that batch runs in the same handler. A check costs no timer and no hop between executors of
// its own, and a checker's loops wake 100 times a second, not once per check: waking is what
// a busy checker spent most on (HAProxy's checks fire within about 10 ms of their slot too).
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
    };

    // On the strand.
    void push(std::shared_ptr<RunningCheck> check, Clock::time_point due);
    void arm();
    void run_due();

    Strand strand_;
    boost::asio::steady_timer timer_;
    // By the end of their batch: a batch's attempts all run together, so a batch needs no
    // order of its own, and 10,000 checks make about a hundred batches, not a deep heap.
    std::map<Clock::time_point, std::vector<Entry>> batches_;
    Clock::time_point armed_for_ = Clock::time_point::max();
    bool running_due_ = false;
};

}  // namespace routerd
