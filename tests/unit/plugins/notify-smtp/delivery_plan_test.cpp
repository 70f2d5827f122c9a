// What the queue sends next: coalescing windows and retry times together.
#include "delivery_plan.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace routerd::smtp {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;
using Ids = std::vector<std::uint64_t>;

const sys_seconds kT0 = sys_days{2026y / November / 27};

PendingAlert alert(std::uint64_t id, std::string key, sys_seconds time, unsigned attempts = 0,
                   sys_seconds next = {}) {
    return {id, std::move(key), time, attempts, next};
}

TEST(DeliveryPlan, NothingQueued) {
    const DeliveryPlan plan = plan_delivery({}, 0s, kT0);
    EXPECT_TRUE(plan.send_now.empty());
    EXPECT_FALSE(plan.wake_at);
}

TEST(DeliveryPlan, WithoutWindowOldestFirstOneAtATime) {
    const std::vector<PendingAlert> queued = {alert(2, "b", kT0 + 1s), alert(1, "a", kT0)};
    const DeliveryPlan plan = plan_delivery(queued, 0s, kT0 + 1s);
    EXPECT_EQ(plan.send_now, Ids{1});
    EXPECT_FALSE(plan.wake_at);
}

TEST(DeliveryPlan, WindowHoldsBackUntilItCloses) {
    const std::vector<PendingAlert> queued = {alert(1, "a", kT0), alert(2, "a", kT0 + 3s)};
    DeliveryPlan plan = plan_delivery(queued, 10s, kT0 + 5s);
    EXPECT_TRUE(plan.send_now.empty());
    EXPECT_EQ(plan.wake_at, kT0 + 10s);
    plan = plan_delivery(queued, 10s, kT0 + 10s);
    EXPECT_EQ(plan.send_now, (Ids{1, 2}));
}

TEST(DeliveryPlan, BackingOffBatchWaitsAndDoesNotHoldUpOthers) {
    const std::vector<PendingAlert> queued = {alert(1, "a", kT0, 2, kT0 + 60s),
                                              alert(2, "b", kT0 + 1s)};
    DeliveryPlan plan = plan_delivery(queued, 0s, kT0 + 5s);
    EXPECT_EQ(plan.send_now, Ids{2});
    EXPECT_EQ(plan.wake_at, kT0 + 60s);
    plan = plan_delivery(std::span(queued).first(1), 0s, kT0 + 5s);
    EXPECT_TRUE(plan.send_now.empty());
    EXPECT_EQ(plan.wake_at, kT0 + 60s);
    plan = plan_delivery(std::span(queued).first(1), 0s, kT0 + 60s);
    EXPECT_EQ(plan.send_now, Ids{1});
}

TEST(DeliveryPlan, BatchIsDueWhenItsLatestRetryIs) {
    const std::vector<PendingAlert> queued = {alert(1, "a", kT0, 1, kT0 + 30s),
                                              alert(2, "a", kT0 + 2s, 0, {})};
    DeliveryPlan plan = plan_delivery(queued, 10s, kT0 + 20s);
    EXPECT_TRUE(plan.send_now.empty());
    EXPECT_EQ(plan.wake_at, kT0 + 30s);
    plan = plan_delivery(queued, 10s, kT0 + 30s);
    EXPECT_EQ(plan.send_now, (Ids{1, 2}));
}

TEST(DeliveryPlan, WakesAtTheEarlierOfWindowAndRetry) {
    const std::vector<PendingAlert> queued = {alert(1, "a", kT0, 1, kT0 + 100s),
                                              alert(2, "b", kT0 + 50s)};
    const DeliveryPlan plan = plan_delivery(queued, 20s, kT0 + 60s);
    EXPECT_TRUE(plan.send_now.empty());
    EXPECT_EQ(plan.wake_at, kT0 + 70s);  // b's window closes before a's retry
}

TEST(ScheduleRetry, FollowsTheMostTriedAlert) {
    const BackoffPolicy policy{30s, 3600s, 2.0, 0.0};
    const std::vector<PendingAlert> batch = {alert(1, "a", kT0, 2, kT0), alert(2, "a", kT0, 0)};
    const RetrySchedule retry = schedule_retry(policy, batch, kT0 + 5s, 0.5);
    EXPECT_EQ(retry.attempts, 3u);
    EXPECT_EQ(retry.next_attempt, kT0 + 5s + 120s);
    const RetrySchedule first = schedule_retry(policy, std::span(batch).last(1), kT0, 0.5);
    EXPECT_EQ(first.attempts, 1u);
    EXPECT_EQ(first.next_attempt, kT0 + 30s);
}

}  // namespace
}  // namespace routerd::smtp
