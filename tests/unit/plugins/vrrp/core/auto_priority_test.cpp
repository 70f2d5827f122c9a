// Keepalived's automatic priority increase (core/auto_priority.hpp): the rise to SCHED_RR on a
// late timer, one step at a time up to max_auto_priority, and what a reload keeps of it.
#include "auto_priority.hpp"

#include <gtest/gtest.h>

namespace routerd::vrrp {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

const TimePoint kExpired = TimePoint{} + std::chrono::hours(1);

ThreadScheduling autoraise(int max, microseconds delay = microseconds(1000000)) {
    ThreadScheduling s;
    s.max_auto_priority = max;
    s.min_auto_priority_delay = delay;
    return s;
}

TEST(AutoPriority, OffByDefaultWhateverTheDelay) {
    EXPECT_EQ(ThreadScheduling{}.max_auto_priority, 0);
    EXPECT_EQ(ThreadScheduling{}.min_auto_priority_delay, microseconds(1000000));
    EXPECT_EQ(auto_raised_priority(ThreadScheduling{}, std::nullopt, kExpired,
                                   kExpired + std::chrono::seconds(30)),
              std::nullopt);
}

TEST(AutoPriority, ALateTimerMakesTheThreadRealTimeAtTheLowestPriority) {
    const ThreadScheduling s = autoraise(99, microseconds(5000));
    EXPECT_EQ(auto_raised_priority(s, std::nullopt, kExpired, kExpired + milliseconds(6)), 1);
}

TEST(AutoPriority, OnlyStrictlyLaterThanTheDelayCounts) {
    const ThreadScheduling s = autoraise(99, microseconds(5000));
    EXPECT_EQ(auto_raised_priority(s, std::nullopt, kExpired, kExpired), std::nullopt);
    EXPECT_EQ(auto_raised_priority(s, std::nullopt, kExpired, kExpired + microseconds(5000)),
              std::nullopt);
    EXPECT_EQ(auto_raised_priority(s, std::nullopt, kExpired, kExpired + microseconds(5001)), 1);
    // Run before its expiry: not late at all.
    EXPECT_EQ(auto_raised_priority(s, std::nullopt, kExpired, kExpired - milliseconds(10)),
              std::nullopt);
}

TEST(AutoPriority, EachFurtherLateTimerRaisesByOneUpToTheMaximum) {
    const ThreadScheduling s = autoraise(3);
    const TimePoint late = kExpired + std::chrono::seconds(2);
    std::optional<int> current;
    std::vector<int> steps;
    for (int i = 0; i < 6; ++i) {
        const std::optional<int> next = auto_raised_priority(s, current, kExpired, late);
        if (!next) break;
        steps.push_back(*next);
        current = next;
    }
    EXPECT_EQ(steps, (std::vector<int>{1, 2, 3}));
}

TEST(AutoPriority, AConfiguredRtPriorityIsWhereRisesStart) {
    ThreadScheduling s = autoraise(50);
    s.rt_priority = 40;
    const TimePoint late = kExpired + std::chrono::seconds(2);
    EXPECT_EQ(auto_raised_priority(s, 40, kExpired, late), 41);
    // Above the maximum by its own rt_priority: no rise, and no fall either.
    s.rt_priority = 60;
    EXPECT_EQ(auto_raised_priority(s, 60, kExpired, late), std::nullopt);
}

TEST(AutoPriority, AReloadKeepsTheRiseUnderTheNewMaximum) {
    EXPECT_EQ(kept_rise(autoraise(99), 7), 7);
    EXPECT_EQ(kept_rise(autoraise(5), 7), 5);
    EXPECT_EQ(kept_rise(autoraise(0), 7), std::nullopt);
    EXPECT_EQ(kept_rise(autoraise(99), std::nullopt), std::nullopt);
}

TEST(AutoPriority, TheRiseReplacesALowerConfiguredRtPriorityOnly) {
    EXPECT_EQ(with_rise(autoraise(99), 3).rt_priority, 3);
    EXPECT_EQ(with_rise(autoraise(99), std::nullopt).rt_priority, std::nullopt);
    ThreadScheduling s = autoraise(99);
    s.rt_priority = 10;
    EXPECT_EQ(with_rise(s, 3).rt_priority, 10);
    EXPECT_EQ(with_rise(s, 12).rt_priority, 12);
    EXPECT_EQ(with_rise(s, 12).max_auto_priority, 99);
}

}  // namespace
}  // namespace routerd::vrrp
