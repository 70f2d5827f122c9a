#include "paced_queue.hpp"

#include <gtest/gtest.h>

namespace routerd::vrrp {
namespace {

using std::chrono::milliseconds;

const TimePoint t0 = TimePoint{} + std::chrono::seconds(1000);

TEST(PacedQueue, IntervalZeroSendsAllAtOnce) {
    PacedQueue<int> q;
    for (int i = 0; i < 5; ++i)
        q.push(i);
    EXPECT_EQ(q.take(t0), (std::vector<int>{0, 1, 2, 3, 4}));
    EXPECT_EQ(q.next_deadline(), std::nullopt);
}

TEST(PacedQueue, OneMessagePerInterval) {
    PacedQueue<int> q(milliseconds(100));
    q.push(1);
    q.push(2);
    q.push(3);
    EXPECT_EQ(q.take(t0), std::vector<int>{1});  // the first goes at once
    EXPECT_EQ(q.next_deadline(), t0 + milliseconds(100));
    EXPECT_TRUE(q.take(t0 + milliseconds(99)).empty());
    EXPECT_EQ(q.take(t0 + milliseconds(100)), std::vector<int>{2});
    // A late timer sends one, and the next waits a whole interval from then.
    EXPECT_EQ(q.take(t0 + milliseconds(350)), std::vector<int>{3});
    EXPECT_EQ(q.next_deadline(), std::nullopt);
    q.push(4);
    EXPECT_EQ(q.next_deadline(), t0 + milliseconds(450));
    EXPECT_TRUE(q.take(t0 + milliseconds(400)).empty());
    EXPECT_EQ(q.take(t0 + milliseconds(450)), std::vector<int>{4});
}

TEST(PacedQueue, AnIdleInterfaceSendsAtOnce) {
    PacedQueue<int> q(milliseconds(100));
    q.push(1);
    q.take(t0);
    q.push(2);
    EXPECT_EQ(q.take(t0 + milliseconds(500)), std::vector<int>{2});
}

}  // namespace
}  // namespace routerd::vrrp
