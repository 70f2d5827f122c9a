// When to try a failed alert again: exponential backoff with a cap and jitter.
#pragma once

#include <chrono>

namespace routerd::smtp {

struct BackoffPolicy {
    std::chrono::seconds initial{30};  // delay after the first failure
    std::chrono::seconds cap{3600};    // no delay is longer
    double multiplier = 2.0;           // growth per further failure, >= 1
    double jitter = 0.2;               // up to this share of a delay is removed at random
};

// The time of the next attempt after `failures` consecutive transient failures
// (>= 1), the last one at `last_failure`. `random` is uniform in [0, 1) (values
// outside are clamped) and spreads routers that failed together; jitter only
// shortens a delay, so the cap holds.
std::chrono::sys_seconds next_attempt(const BackoffPolicy& policy, unsigned failures,
                                      std::chrono::sys_seconds last_failure, double random);

}  // namespace routerd::smtp
