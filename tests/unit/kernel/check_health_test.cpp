#include "checks/check_health.hpp"

#include <gtest/gtest.h>

using routerd::CheckHealth;

TEST(CheckHealth, StartsUpWithoutAlpha) {
    CheckHealth h(1, 0, true);
    EXPECT_TRUE(h.up());
    const auto step = h.on_result(false);
    EXPECT_EQ(step.changed_to, false);
    EXPECT_FALSE(h.up());
}

TEST(CheckHealth, RetriesBeforeGoingDown) {
    CheckHealth h(1, 2, true);
    auto s1 = h.on_result(false);
    EXPECT_TRUE(s1.retry_soon);
    EXPECT_FALSE(s1.changed_to);
    auto s2 = h.on_result(false);
    EXPECT_TRUE(s2.retry_soon);
    auto s3 = h.on_result(false);
    EXPECT_FALSE(s3.retry_soon);
    EXPECT_EQ(s3.changed_to, false);
}

TEST(CheckHealth, SuccessResetsRetries) {
    CheckHealth h(1, 1, true);
    EXPECT_TRUE(h.on_result(false).retry_soon);
    EXPECT_FALSE(h.on_result(true).changed_to);
    EXPECT_TRUE(h.on_result(false).retry_soon);  // a fresh retry budget
    EXPECT_EQ(h.on_result(false).changed_to, false);
}

TEST(CheckHealth, RisesAfterConsecutiveSuccesses) {
    CheckHealth h(3, 0, false);  // alpha: starts down
    EXPECT_FALSE(h.up());
    EXPECT_FALSE(h.on_result(true).changed_to);
    EXPECT_FALSE(h.on_result(true).changed_to);
    EXPECT_FALSE(h.on_result(false).changed_to);  // down stays down, count restarts
    EXPECT_FALSE(h.on_result(true).changed_to);
    EXPECT_FALSE(h.on_result(true).changed_to);
    EXPECT_EQ(h.on_result(true).changed_to, true);
    EXPECT_TRUE(h.up());
}

TEST(CheckHealth, DownFailuresDoNotRetry) {
    CheckHealth h(1, 3, false);
    const auto step = h.on_result(false);
    EXPECT_FALSE(step.retry_soon);
    EXPECT_FALSE(step.changed_to);
}

TEST(CheckHealth, RestoreRemembersState) {
    CheckHealth h(2, 0, false);
    h.restore(true);
    EXPECT_TRUE(h.up());
    EXPECT_EQ(h.on_result(false).changed_to, false);
}
