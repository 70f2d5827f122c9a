#pragma once

#include <memory>

#include "checks/check_clock.hpp"

namespace routerd {

class RunningCheck;

// Where a check books its next attempt: its checker's ProbeScheduler, which calls
// RunningCheck::attempt when it is due (a test books and calls by hand).
class AttemptScheduler {
  public:
    virtual ~AttemptScheduler() = default;
    // Any thread. The check's attempt runs at `due`; this replaces its earlier booking.
    virtual void schedule(std::shared_ptr<RunningCheck> check, CheckClock::time_point due) = 0;
};

}  // namespace routerd
