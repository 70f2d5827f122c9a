#include "garp_schedule.hpp"

#include <gtest/gtest.h>

namespace routerd::vrrp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const TimePoint t0 = TimePoint{} + seconds(1000);

// Every announcement the schedule asks for from `from` to `to`, firing its timer on time.
std::vector<std::pair<Clock::duration, unsigned>> run(GarpSchedule& s, TimePoint to) {
    std::vector<std::pair<Clock::duration, unsigned>> out;
    while (auto at = s.next_deadline()) {
        if (*at > to) break;
        out.emplace_back(*at - t0, s.on_timer(*at));
    }
    return out;
}

TEST(GarpSchedule, KeepalivedDefaultsFiveNowAndFiveAfterFiveSeconds) {
    GarpSchedule s{GarpConfig{}};
    EXPECT_EQ(s.on_master(t0), 5u);
    EXPECT_EQ(s.next_deadline(), t0 + seconds(5));
    EXPECT_EQ(s.on_timer(t0 + seconds(4)), 0u);  // early: nothing
    EXPECT_EQ(run(s, t0 + seconds(3600)),
              (std::vector<std::pair<Clock::duration, unsigned>>{{seconds(5), 5u}}));
    EXPECT_EQ(s.next_deadline(), std::nullopt);  // no refresh by default
}

TEST(GarpSchedule, MasterDelayZeroMeansNoSecondSet) {
    GarpConfig c;
    c.master_delay = {};
    c.master_repeat = 1;
    GarpSchedule s{c};
    EXPECT_EQ(s.on_master(t0), 1u);
    EXPECT_EQ(s.next_deadline(), std::nullopt);
}

TEST(GarpSchedule, RefreshRepeatsWhileMaster) {
    GarpConfig c;
    c.master_delay = seconds(2);
    c.master_repeat = 3;
    c.master_refresh = seconds(10);
    c.master_refresh_repeat = 2;
    GarpSchedule s{c};
    EXPECT_EQ(s.on_master(t0), 3u);
    EXPECT_EQ(run(s, t0 + seconds(30)),
              (std::vector<std::pair<Clock::duration, unsigned>>{
                  {seconds(2), 3u}, {seconds(10), 2u}, {seconds(20), 2u}, {seconds(30), 2u}}));
    s.on_leave_master();
    EXPECT_EQ(s.next_deadline(), std::nullopt);
}

TEST(GarpSchedule, LateTimerRefreshesFromWhenItRan) {
    GarpConfig c;
    c.master_delay = {};
    c.master_refresh = seconds(10);
    GarpSchedule s{c};
    s.on_master(t0);
    EXPECT_EQ(s.on_timer(t0 + seconds(13)), 1u);  // a busy loop: sent late, once
    EXPECT_EQ(s.next_deadline(), t0 + seconds(23));
}

TEST(GarpSchedule, LowerPriorityAdvertBurstNowAndAfterItsDelay) {
    GarpConfig c;
    c.master_delay = {};
    c.master_repeat = 1;
    c.lower_prio_delay = milliseconds(1500);
    c.lower_prio_repeat = 2;
    GarpSchedule s{c};
    s.on_master(t0);
    EXPECT_EQ(s.on_lower_priority(t0 + seconds(7)), 2u);
    EXPECT_EQ(run(s, t0 + seconds(60)),
              (std::vector<std::pair<Clock::duration, unsigned>>{{milliseconds(8500), 2u}}));
}

TEST(GarpSchedule, LowerPriorityRepeatZeroSendsNothing) {
    GarpConfig c;
    c.lower_prio_repeat = 0;
    GarpSchedule s{c};
    s.on_master(t0);
    EXPECT_EQ(s.on_lower_priority(t0 + seconds(1)), 0u);
    EXPECT_EQ(s.next_deadline(), t0 + seconds(5));  // only the master's second set
}

TEST(GarpSchedule, BecomingMasterAgainStartsOver) {
    GarpSchedule s{GarpConfig{}};
    s.on_master(t0);
    s.on_lower_priority(t0 + seconds(1));
    s.on_leave_master();
    EXPECT_EQ(s.next_deadline(), std::nullopt);
    EXPECT_EQ(s.on_master(t0 + seconds(20)), 5u);
    EXPECT_EQ(s.next_deadline(), t0 + seconds(25));
}

TEST(GarpSchedule, ExtraInterfacesEveryIntervalFromOneIntervalAfterBecomingMaster) {
    GarpConfig c;
    c.master_delay = {};
    c.extra_if_interval = seconds(100);
    GarpSchedule s{c};
    s.on_master(t0);
    EXPECT_EQ(s.next_deadline(), t0 + seconds(100));
    EXPECT_FALSE(s.take_extra_due(t0 + seconds(99)));
    EXPECT_EQ(s.on_timer(t0 + seconds(100)), 0u);  // not a whole announcement
    EXPECT_TRUE(s.take_extra_due(t0 + seconds(100)));
    EXPECT_FALSE(s.take_extra_due(t0 + seconds(100)));
    // A late timer re-arms from when it ran, as Keepalived does from the advert that sends.
    EXPECT_TRUE(s.take_extra_due(t0 + seconds(203)));
    EXPECT_EQ(s.next_deadline(), t0 + seconds(303));
    s.on_leave_master();
    EXPECT_EQ(s.next_deadline(), std::nullopt);
    EXPECT_FALSE(s.take_extra_due(t0 + seconds(1000)));
}

TEST(GarpSchedule, NoExtraInterfacesByDefault) {
    GarpSchedule s{GarpConfig{}};
    s.on_master(t0);
    EXPECT_FALSE(s.take_extra_due(t0 + seconds(86400)));
}

}  // namespace
}  // namespace routerd::vrrp
