// The checks' schedule arithmetic: a fixed rhythm from the due times, skipped slots, and the
// deadline after which an unanswered attempt counts as failed.
#include "checks/probe_timing.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using routerd::probe_timing::answer_deadline;
using routerd::probe_timing::Clock;
using routerd::probe_timing::next_slot;

const Clock::time_point t0{};

TEST(ProbeTiming, NextSlotIsOneDelayLoopAfterTheDueTime) {
    // The attempt started late (at +30 ms) and answered at +200 ms: the rhythm keeps to the
    // due time, not the start or the answer.
    EXPECT_EQ(next_slot(t0, 1s, t0 + 30ms), t0 + 1s);
    EXPECT_EQ(next_slot(t0, 1s, t0 + 200ms), t0 + 1s);
    EXPECT_EQ(next_slot(t0 + 1s, 1s, t0 + 1s), t0 + 2s);
}

TEST(ProbeTiming, SlotsThatPassedAreSkippedNotRunInABurst) {
    EXPECT_EQ(next_slot(t0, 1s, t0 + 1s), t0 + 2s);  // due exactly now: the one after
    EXPECT_EQ(next_slot(t0, 1s, t0 + 2500ms), t0 + 3s);
    EXPECT_EQ(next_slot(t0, 1s, t0 + 3s), t0 + 4s);
    EXPECT_EQ(next_slot(t0, 300ms, t0 + 10s + 1ns), t0 + 10200ms);
}

TEST(ProbeTiming, TheRhythmDoesNotDriftOverManyLateStarts) {
    Clock::time_point due = t0;
    for (int i = 0; i < 1000; ++i)
        due = next_slot(due, 1s, due + 40ms);  // every attempt starts 40 ms late
    EXPECT_EQ(due, t0 + 1000s);
}

TEST(ProbeTiming, AnswerDeadlineIsTheLongerOfTimeoutAndDelayLoopPlusGrace) {
    EXPECT_EQ(answer_deadline(1s, 1s), 3s);
    EXPECT_EQ(answer_deadline(10s, 6s), 12s);  // the reference page's TCP_CHECK
    EXPECT_EQ(answer_deadline(1s, 5s), 7s);    // misc_timeout defaults to delay_loop
}

}  // namespace
