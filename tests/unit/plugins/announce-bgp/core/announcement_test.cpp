#include "announcement.hpp"

#include <gtest/gtest.h>

namespace routerd::announce_bgp {
namespace {

using std::chrono::seconds;

const Timing kTiming{seconds(3), seconds(10)};

TEST(Announcement, StartsWithdrawnUntilHealthReported) {
    Announcement a(kTiming, seconds(0));
    EXPECT_FALSE(a.verdict(seconds(100)).announced);
    EXPECT_EQ(a.verdict(seconds(100)).reason, "withdrawn: no health reported yet");
    EXPECT_EQ(a.next_change(), std::nullopt);
}

TEST(Announcement, AnnouncesOnlyAfterTheHoldDown) {
    Announcement a(kTiming, seconds(0));
    a.set_healthy(true, "checks up", seconds(5));
    EXPECT_FALSE(a.verdict(seconds(7)).announced);
    EXPECT_EQ(a.next_change(), seconds(8));
    const Verdict& v = a.verdict(seconds(8));
    EXPECT_TRUE(v.announced);
    EXPECT_EQ(v.since, seconds(8));
    EXPECT_EQ(v.reason, "announced: checks up");
}

TEST(Announcement, AFlapDuringTheHoldDownStartsItAgain) {
    Announcement a(kTiming, seconds(0));
    a.set_healthy(true, "up", seconds(0));
    a.set_healthy(false, "down", seconds(2));
    a.set_healthy(true, "up", seconds(4));
    EXPECT_FALSE(a.verdict(seconds(6)).announced);
    EXPECT_TRUE(a.verdict(seconds(7)).announced);
}

TEST(Announcement, ANewTimingKeepsWhatIsAnnouncedAndMeasuresAHoldDownFromItsStart) {
    Announcement announced(kTiming, seconds(0));
    announced.set_healthy(true, "up", seconds(0));
    ASSERT_TRUE(announced.verdict(seconds(3)).announced);
    announced.set_timing({seconds(60), seconds(0)}, seconds(4));
    EXPECT_TRUE(announced.verdict(seconds(4)).announced);
    EXPECT_EQ(announced.verdict(seconds(4)).since, seconds(3));

    Announcement holding(kTiming, seconds(0));
    holding.set_healthy(true, "up", seconds(10));  // hold-down of 3 s: until 13 s
    holding.set_timing({seconds(1), seconds(0)}, seconds(11));
    EXPECT_TRUE(holding.verdict(seconds(11)).announced);  // healthy for 1 s already
    EXPECT_EQ(holding.verdict(seconds(11)).since, seconds(11));
}

TEST(Announcement, ZeroHoldDownAnnouncesAtOnce) {
    Announcement a({}, seconds(0));
    a.set_healthy(true, "up", seconds(1));
    EXPECT_TRUE(a.verdict(seconds(1)).announced);
}

TEST(Announcement, WithdrawsAtOnceAfterTheMinimumAnnounceTime) {
    Announcement a(kTiming, seconds(0));
    a.set_healthy(true, "up", seconds(0));
    ASSERT_TRUE(a.verdict(seconds(3)).announced);
    a.set_healthy(false, "quorum lost", seconds(20));
    const Verdict& v = a.verdict(seconds(20));
    EXPECT_FALSE(v.announced);
    EXPECT_EQ(v.since, seconds(20));
    EXPECT_EQ(v.reason, "withdrawn: quorum lost");
}

TEST(Announcement, AYoungAnnouncementStaysForTheMinimumAnnounceTime) {
    Announcement a(kTiming, seconds(0));
    a.set_healthy(true, "up", seconds(0));
    ASSERT_TRUE(a.verdict(seconds(3)).announced);
    a.set_healthy(false, "check down", seconds(5));
    EXPECT_TRUE(a.verdict(seconds(5)).announced);
    EXPECT_EQ(a.verdict(seconds(5)).reason,
              "announced: kept for the minimum announce time 10.0s although check down");
    EXPECT_EQ(a.next_change(), seconds(13));
    EXPECT_TRUE(a.verdict(seconds(12)).announced);
    EXPECT_FALSE(a.verdict(seconds(13)).announced);
}

TEST(Announcement, RecoveringWithinTheMinimumAnnounceTimeKeepsTheRoute) {
    Announcement a(kTiming, seconds(0));
    a.set_healthy(true, "up", seconds(0));
    ASSERT_TRUE(a.verdict(seconds(3)).announced);
    a.set_healthy(false, "down", seconds(5));
    a.set_healthy(true, "up", seconds(6));
    EXPECT_TRUE(a.verdict(seconds(30)).announced);
    EXPECT_EQ(a.verdict(seconds(30)).since, seconds(3));
}

TEST(Announcement, DrainWithdrawsAtOnceAndHoldsUntilItEnds) {
    Announcement a(kTiming, seconds(0));
    a.set_healthy(true, "up", seconds(0));
    ASSERT_TRUE(a.verdict(seconds(3)).announced);
    a.set_draining(true, seconds(4));  // within the minimum announce time: no matter
    EXPECT_FALSE(a.verdict(seconds(4)).announced);
    EXPECT_EQ(a.verdict(seconds(4)).reason, "withdrawn: draining");
    EXPECT_EQ(a.next_change(), std::nullopt);
    EXPECT_FALSE(a.verdict(seconds(100)).announced);
    a.set_draining(false, seconds(100));
    // Healthy all along: the hold-down has long passed.
    EXPECT_TRUE(a.verdict(seconds(100)).announced);
}

TEST(Announcement, HoldDownReasonSaysHowLong) {
    Announcement a(kTiming, seconds(0));
    a.set_healthy(true, "VRRP VI_1 MASTER", seconds(0));
    EXPECT_EQ(a.verdict(std::chrono::milliseconds(1500)).reason,
              "withdrawn: hold-down, healthy for 1.5s of 3.0s (VRRP VI_1 MASTER)");
}

}  // namespace
}  // namespace routerd::announce_bgp
