#include "backoff.hpp"

#include <algorithm>
#include <cmath>

namespace routerd::smtp {

std::chrono::sys_seconds next_attempt(const BackoffPolicy& policy, unsigned failures,
                                      std::chrono::sys_seconds last_failure, double random) {
    const double cap = static_cast<double>(policy.cap.count());
    // pow() saturates to infinity rather than overflowing, and min() then caps it.
    const double growth = std::pow(std::max(policy.multiplier, 1.0), std::max(failures, 1u) - 1.0);
    const double delay = std::min(static_cast<double>(policy.initial.count()) * growth, cap);
    const double share = std::clamp(policy.jitter, 0.0, 1.0) * std::clamp(random, 0.0, 1.0);
    return last_failure + std::chrono::seconds(std::llround(delay * (1.0 - share)));
}

}  // namespace routerd::smtp
