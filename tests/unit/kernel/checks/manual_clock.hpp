#pragma once

#include "checks/check_clock.hpp"

namespace routerd::test {

// A clock that moves only when the test says so.
class ManualClock final : public CheckClock {
  public:
    time_point now() const override { return now_; }
    void advance(std::chrono::nanoseconds by) { now_ += by; }

  private:
    // Away from the epoch, on a whole second: batch ends are easy to say.
    time_point now_ = time_point(std::chrono::hours(1));
};

}  // namespace routerd::test
