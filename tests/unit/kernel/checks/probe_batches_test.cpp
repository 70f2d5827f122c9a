// When a checker's attempts run: at the end of the 10 ms batch each is due in, batch after
// batch, decided by the time the caller gives (no clock is read).
#include "checks/probe_batches.hpp"

#include <gtest/gtest.h>

#include "manual_clock.hpp"

namespace routerd {
namespace {

using namespace std::chrono_literals;

class ProbeBatchesTest : public ::testing::Test {
  protected:
    test::ManualClock clock;
    const ProbeBatches::time_point t0 = clock.now();
    ProbeBatches batches;

    ProbeBatches::time_point add(std::chrono::nanoseconds after_t0, uint64_t generation = 1) {
        return batches.add({t0 + after_t0, generation, nullptr});
    }
};

TEST_F(ProbeBatchesTest, AnAttemptRunsAtTheEndOfItsBatch) {
    EXPECT_EQ(add(3ms), t0 + 10ms);
    EXPECT_EQ(add(10ms), t0 + 10ms);  // due on a batch's end: that batch
    EXPECT_EQ(add(10ms + 1ns), t0 + 20ms);
    EXPECT_EQ(batches.next(), t0 + 10ms);
}

TEST_F(ProbeBatchesTest, NothingIsDueBeforeTheBatchEnds) {
    add(3ms);
    clock.advance(9ms);
    EXPECT_FALSE(batches.take_due(clock.now()).has_value());
    clock.advance(1ms);
    const auto due = batches.take_due(clock.now());
    ASSERT_TRUE(due.has_value());
    ASSERT_EQ(due->size(), 1u);
    EXPECT_EQ(due->front().due, t0 + 3ms);  // the attempt keeps its own slot
    EXPECT_FALSE(batches.next().has_value());
}

TEST_F(ProbeBatchesTest, BatchesComeOutInOrderOneAtATime) {
    add(25ms, 3);
    add(4ms, 1);
    add(7ms, 2);
    clock.advance(1s);
    const auto first = batches.take_due(clock.now());
    ASSERT_TRUE(first.has_value());
    ASSERT_EQ(first->size(), 2u);  // both of the first batch, together
    EXPECT_EQ((*first)[0].generation, 1u);
    EXPECT_EQ((*first)[1].generation, 2u);
    const auto second = batches.take_due(clock.now());
    ASSERT_TRUE(second.has_value());
    ASSERT_EQ(second->size(), 1u);
    EXPECT_EQ(second->front().generation, 3u);
    EXPECT_FALSE(batches.take_due(clock.now()).has_value());
}

TEST_F(ProbeBatchesTest, ClearForgetsEverything) {
    add(1ms);
    add(1s);
    batches.clear();
    EXPECT_FALSE(batches.next().has_value());
    EXPECT_FALSE(batches.take_due(t0 + 1h).has_value());
}

}  // namespace
}  // namespace routerd
