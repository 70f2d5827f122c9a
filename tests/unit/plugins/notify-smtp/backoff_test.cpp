// Exponential backoff with cap and injected jitter.
#include "backoff.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace routerd::smtp {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

const sys_seconds kFailed = sys_days{2026y / November / 27};

seconds delay(const BackoffPolicy& policy, unsigned failures, double random) {
    return next_attempt(policy, failures, kFailed, random) - kFailed;
}

TEST(Backoff, DoublesUpToTheCap) {
    const BackoffPolicy policy{.initial = 30s, .cap = 600s, .multiplier = 2.0, .jitter = 0.0};
    EXPECT_EQ(delay(policy, 1, 0.5), 30s);
    EXPECT_EQ(delay(policy, 2, 0.5), 60s);
    EXPECT_EQ(delay(policy, 3, 0.5), 120s);
    EXPECT_EQ(delay(policy, 5, 0.5), 480s);
    EXPECT_EQ(delay(policy, 6, 0.5), 600s);
    EXPECT_EQ(delay(policy, 60, 0.5), 600s);
}

TEST(Backoff, NoOverflowAfterManyFailures) {
    const BackoffPolicy policy{.initial = 30s, .cap = 3600s, .multiplier = 10.0, .jitter = 0.0};
    EXPECT_EQ(delay(policy, std::numeric_limits<unsigned>::max(), 0.0), 3600s);
}

TEST(Backoff, JitterOnlyShortens) {
    const BackoffPolicy policy{.initial = 100s, .cap = 1000s, .multiplier = 2.0, .jitter = 0.2};
    EXPECT_EQ(delay(policy, 1, 0.0), 100s);
    EXPECT_EQ(delay(policy, 1, 0.5), 90s);
    EXPECT_EQ(delay(policy, 1, 0.999), 80s);
    EXPECT_EQ(delay(policy, 10, 0.0), 1000s) << "the cap holds with jitter";
    EXPECT_EQ(delay(policy, 10, 0.5), 900s);
}

TEST(Backoff, OutOfRangeInputsAreClamped) {
    const BackoffPolicy policy{.initial = 100s, .cap = 1000s, .multiplier = 0.5, .jitter = 3.0};
    EXPECT_EQ(delay(policy, 0, -1.0), 100s) << "failures 0 is read as 1, random as 0";
    EXPECT_EQ(delay(policy, 4, 0.0), 100s) << "a multiplier below 1 never shrinks the delay";
    EXPECT_EQ(delay(policy, 1, 0.25), 75s) << "jitter at most 100%";
    EXPECT_EQ(delay(policy, 1, 2.0), 0s);
}

}  // namespace
}  // namespace routerd::smtp
