// Log lines that a packet (or any outside event) can trigger, under a token bucket, so that a
// flood of such events cannot flood the log. When a line goes out after some were held back,
// it says how many, as the kernel's printk_ratelimit does:
//   "VI_1: dropped an advert from 10.0.0.9: auth_failure (suppressed 41 similar lines)".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "routerd/common/token_bucket.hpp"

namespace routerd::common {

class LogThrottle {
  public:
    using Clock = TokenBucket::Clock;

    // Up to `burst` lines at once, then one per `period`.
    LogThrottle(unsigned burst, Clock::duration period) : bucket_(burst, period) {}

    // The line to write for `line` at `now` (with the summary of what was suppressed before
    // it), or nullopt when this one is suppressed.
    std::optional<std::string> admit(Clock::time_point now, std::string_view line);

    // Lines suppressed since the last one that went out.
    std::uint64_t suppressed() const { return suppressed_; }

  private:
    TokenBucket bucket_;
    std::uint64_t suppressed_ = 0;
};

}  // namespace routerd::common
