#include "routerd/common/token_bucket.hpp"

#include <algorithm>
#include <stdexcept>

namespace routerd::common {

TokenBucket::TokenBucket(unsigned burst, Clock::duration period)
    : period_(period), capacity_(period * burst), credit_(capacity_) {
    if (burst == 0) throw std::invalid_argument("a token bucket needs a burst of at least 1");
    if (period <= Clock::duration::zero()) {
        throw std::invalid_argument("a token bucket needs a positive period");
    }
}

bool TokenBucket::take(Clock::time_point now) {
    if (last_ && now > *last_) credit_ = std::min(capacity_, credit_ + (now - *last_));
    if (!last_ || now > *last_) last_ = now;
    if (credit_ < period_) return false;
    credit_ -= period_;
    return true;
}

}  // namespace routerd::common
