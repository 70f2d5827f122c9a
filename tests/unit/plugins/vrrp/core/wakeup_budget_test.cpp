// How much one wake-up of the VRRP receive handler takes before it yields to the timers.
#include "wakeup_budget.hpp"

#include <gtest/gtest.h>

namespace routerd::vrrp {
namespace {

TEST(WakeupBudget, BatchesOfAtMostTheSlotsUpToTheTurnsBound) {
    WakeupBudget budget;  // 64 per wake-up, 32 per batch
    EXPECT_EQ(budget.next_batch(), kReceiveSlots);
    budget.took(32);
    EXPECT_FALSE(budget.spent());
    EXPECT_EQ(budget.next_batch(), 32u);
    budget.took(32);
    EXPECT_TRUE(budget.spent());
    EXPECT_EQ(budget.next_batch(), 0u);
}

TEST(WakeupBudget, AShortBatchLeavesTheRest) {
    WakeupBudget budget(10, 4);
    budget.took(3);
    EXPECT_EQ(budget.next_batch(), 4u);
    budget.took(4);
    EXPECT_EQ(budget.next_batch(), 3u);  // never past the turn's bound
    budget.took(5);                      // more than asked: still spent, not wrapped
    EXPECT_TRUE(budget.spent());
}

TEST(WakeupBudget, AFloodIsHandledInBoundedTurns) {
    // 1000 datagrams waiting: every turn takes 64 at most, then yields.
    std::size_t waiting = 1000, turns = 0;
    while (waiting > 0) {
        WakeupBudget budget;
        std::size_t taken = 0;
        while (!budget.spent() && waiting > 0) {
            const std::size_t n = std::min(budget.next_batch(), waiting);
            budget.took(n);
            waiting -= n;
            taken += n;
        }
        EXPECT_LE(taken, kDatagramsPerWakeup);
        ++turns;
    }
    EXPECT_EQ(turns, (1000 + kDatagramsPerWakeup - 1) / kDatagramsPerWakeup);
}

}  // namespace
}  // namespace routerd::vrrp
