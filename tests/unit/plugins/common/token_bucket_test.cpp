// The token bucket on a driven clock: no sleeps.
#include "routerd/common/token_bucket.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace routerd::common {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const TokenBucket::Clock::time_point t0 = TokenBucket::Clock::time_point{} + seconds(1000);

TEST(TokenBucket, AllowsTheBurstAtOnceThenNothing) {
    TokenBucket bucket(3, seconds(1));
    EXPECT_TRUE(bucket.take(t0));
    EXPECT_TRUE(bucket.take(t0));
    EXPECT_TRUE(bucket.take(t0));
    EXPECT_FALSE(bucket.take(t0));
    EXPECT_FALSE(bucket.take(t0 + milliseconds(999)));
}

TEST(TokenBucket, RefillsOneTokenPerPeriod) {
    TokenBucket bucket(1, seconds(2));
    EXPECT_TRUE(bucket.take(t0));
    EXPECT_FALSE(bucket.take(t0 + seconds(1)));
    EXPECT_TRUE(bucket.take(t0 + seconds(2)));
    EXPECT_FALSE(bucket.take(t0 + seconds(3)));
    // Partial refills add up: 1 s + 1 s since the last token make the next one.
    EXPECT_TRUE(bucket.take(t0 + seconds(4)));
}

TEST(TokenBucket, NeverHoldsMoreThanTheBurst) {
    TokenBucket bucket(2, seconds(1));
    EXPECT_TRUE(bucket.take(t0));
    const auto later = t0 + seconds(3600);  // an hour idle refills two tokens, not 3600
    EXPECT_TRUE(bucket.take(later));
    EXPECT_TRUE(bucket.take(later));
    EXPECT_FALSE(bucket.take(later));
}

TEST(TokenBucket, AnEarlierTimeRefillsNothing) {
    TokenBucket bucket(1, seconds(1));
    EXPECT_TRUE(bucket.take(t0 + seconds(10)));
    EXPECT_FALSE(bucket.take(t0));
    EXPECT_FALSE(bucket.take(t0 + seconds(10) + milliseconds(500)));
    EXPECT_TRUE(bucket.take(t0 + seconds(11)));
}

TEST(TokenBucket, RefusesNonsense) {
    EXPECT_THROW(TokenBucket(0, seconds(1)), std::invalid_argument);
    EXPECT_THROW(TokenBucket(1, seconds(0)), std::invalid_argument);
}

}  // namespace
}  // namespace routerd::common
