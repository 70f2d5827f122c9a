// A token bucket, the classic rate limiter: up to `burst` events at once, then on average one
// per `period`. Pure: the caller passes the time, so tests drive it without sleeping.
#pragma once

#include <chrono>
#include <optional>

namespace routerd::common {

class TokenBucket {
  public:
    using Clock = std::chrono::steady_clock;

    // Starts full. Throws std::invalid_argument for a burst of 0 or a period that is not positive.
    TokenBucket(unsigned burst, Clock::duration period);

    // Spends a token when one is there at `now`: true means go ahead. A `now` earlier than one
    // seen before counts as that earlier time (no refill).
    bool take(Clock::time_point now);

  private:
    Clock::duration period_;    // the time one token takes to come back
    Clock::duration capacity_;  // burst × period: the credit of a full bucket
    Clock::duration credit_;    // tokens left × period, plus the time towards the next one
    std::optional<Clock::time_point> last_;
};

}  // namespace routerd::common
