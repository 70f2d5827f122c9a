// When the advert relay sends a MASTER's advert in place of its VRRP thread.
#include "relay_schedule.hpp"

#include <gtest/gtest.h>

namespace routerd::vrrp {
namespace {

using std::chrono::milliseconds;

const TimePoint t0{std::chrono::seconds(1000)};

TEST(RelaySchedule, HalfAnIntervalOfGraceAndAtLeastASecondOfCover) {
    const RelayTiming ten = RelayTiming::for_interval(milliseconds(10));
    EXPECT_EQ(ten.grace, milliseconds(5));
    EXPECT_EQ(ten.limit, std::chrono::seconds(1));
    const RelayTiming long_interval = RelayTiming::for_interval(std::chrono::seconds(3));
    EXPECT_EQ(long_interval.grace, milliseconds(1500));
    EXPECT_EQ(long_interval.limit, std::chrono::seconds(9));
}

TEST(RelaySchedule, AVrrpThreadOnTimeIsLeftToSend) {
    const RelayTiming timing = RelayTiming::for_interval(milliseconds(10));
    // Due at t0, the VRRP thread said so: nothing until t0 + 5 ms.
    const RelayStep early = relay_step(timing, t0 + milliseconds(3), t0, t0);
    EXPECT_FALSE(early.send);
    EXPECT_EQ(early.due, t0);
    EXPECT_EQ(early.look, t0 + milliseconds(5));
    EXPECT_FALSE(relay_step(timing, t0 + std::chrono::microseconds(4999), t0, t0).send);
}

TEST(RelaySchedule, AnAdvertHalfAnIntervalOverdueIsRelayedThenOneAnInterval) {
    const RelayTiming timing = RelayTiming::for_interval(milliseconds(10));
    const RelayStep first = relay_step(timing, t0 + milliseconds(5), t0, t0);
    EXPECT_TRUE(first.send);
    // The next relayed one an interval after this one: due at +10 ms, looked at at +15 ms.
    EXPECT_EQ(first.due, t0 + milliseconds(10));
    EXPECT_EQ(first.look, t0 + milliseconds(15));
    EXPECT_FALSE(relay_step(timing, t0 + milliseconds(12), first.due, t0).send);
    const RelayStep second = relay_step(timing, first.look, first.due, t0);
    EXPECT_TRUE(second.send);
    EXPECT_EQ(second.look, t0 + milliseconds(25));
}

TEST(RelaySchedule, ARelayThreadThatRunsLateSendsAtOnceAndCountsFromThen) {
    const RelayTiming timing = RelayTiming::for_interval(milliseconds(10));
    const RelayStep late = relay_step(timing, t0 + milliseconds(40), t0, t0);
    EXPECT_TRUE(late.send);
    EXPECT_EQ(late.look, t0 + milliseconds(50));
}

TEST(RelaySchedule, AVrrpThreadSilentForLongerThanTheLimitIsStuckNotLate) {
    const RelayTiming timing = RelayTiming::for_interval(milliseconds(10));
    // Relayed for a second after the VRRP thread's last promise ...
    EXPECT_TRUE(relay_step(timing, t0 + milliseconds(1000), t0 + milliseconds(995), t0).send);
    // ... and no longer: the backups must take over.
    const RelayStep stuck = relay_step(timing, t0 + milliseconds(1001), t0 + milliseconds(995), t0);
    EXPECT_FALSE(stuck.send);
    EXPECT_EQ(stuck.look, t0 + milliseconds(2001));
    // Once the VRRP thread sends again, its new promise counts.
    EXPECT_TRUE(relay_step(timing, t0 + milliseconds(1101), t0 + milliseconds(1090),
                           t0 + milliseconds(1090))
                    .send);
}

}  // namespace
}  // namespace routerd::vrrp
