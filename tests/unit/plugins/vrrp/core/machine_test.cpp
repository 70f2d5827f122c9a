// The state machine on a driven clock: no sleeps, times checked to the nanosecond.
#include <gtest/gtest.h>

#include "machine.hpp"
#include "timers.hpp"
#include "vrrp_test_util.hpp"

namespace routerd::vrrp {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;
using Kind = Action::Kind;

const TimePoint t0 = TimePoint{} + seconds(1000);

MachineConfig v2_config(std::uint8_t priority) {
    MachineConfig c;
    c.version = Version::v2;
    c.priority = priority;
    c.advert_interval = seconds(1);
    c.primary_address = test::ip("10.0.0.5");
    return c;
}

MachineConfig v3_config(std::uint8_t priority) {
    MachineConfig c = v2_config(priority);
    c.version = Version::v3;
    c.advert_interval = Centiseconds(10);
    return c;
}

Advert advert(std::uint8_t priority, std::string_view source = "10.0.0.9",
              Centiseconds interval = Centiseconds(100)) {
    Advert a;
    a.priority = priority;
    a.source = test::ip(source);
    a.advert_interval = interval;
    return a;
}

Actions become_master(std::uint8_t priority, State from) {
    return {Action::advert(priority), Action::of(Kind::add_addresses),
            Action::of(Kind::send_gratuitous), Action::transition(from, State::master)};
}

TEST(Machine, BackupTakesOverAfterMasterDownIntervalV2) {
    Machine m(v2_config(150));
    EXPECT_EQ(m.start(t0), (Actions{Action::transition(State::initialize, State::backup)}));
    const TimePoint down = t0 + nanoseconds(3'414'062'500);  // 3 s + 414.0625 ms
    EXPECT_EQ(m.next_deadline(), down);
    EXPECT_TRUE(m.on_timer(down - nanoseconds(1)).empty());
    EXPECT_EQ(m.on_timer(down), become_master(150, State::backup));
    EXPECT_EQ(m.state(), State::master);
    EXPECT_EQ(m.next_deadline(), down + seconds(1));
    EXPECT_EQ(m.on_timer(down + seconds(1)), (Actions{Action::advert(150)}));
    EXPECT_EQ(m.next_deadline(), down + seconds(2));
}

TEST(Machine, BackupTakesOverAfterMasterDownIntervalV3) {
    Machine m(v3_config(150));
    m.start(t0);
    EXPECT_EQ(m.next_deadline(), t0 + milliseconds(340));
    m.on_timer(t0 + milliseconds(340));
    EXPECT_EQ(m.state(), State::master);
    EXPECT_EQ(m.next_deadline(), t0 + milliseconds(440));
}

// keepalived.conf(5) down_timer_adverts: N advert intervals plus the skew, at start and after
// each advert from the master.
TEST(Machine, DownTimerAdvertsSetsTheIntervalsBeforeTakeover) {
    MachineConfig config = v2_config(150);
    config.down_timer_adverts = 1;
    Machine m(config);
    m.start(t0);
    const nanoseconds skew(414'062'500);
    EXPECT_EQ(m.next_deadline(), t0 + seconds(1) + skew);
    EXPECT_TRUE(m.on_advert(t0 + milliseconds(500), advert(200)).empty());
    EXPECT_EQ(m.next_deadline(), t0 + milliseconds(1500) + skew);
    EXPECT_EQ(m.on_timer(t0 + milliseconds(1500) + skew), become_master(150, State::backup));

    config.down_timer_adverts = 10;
    Machine slow(config);
    slow.start(t0);
    EXPECT_EQ(slow.next_deadline(), t0 + seconds(10) + skew);
}

TEST(Machine, AddressOwnerStartsAsMasterAtOnce) {
    Machine m(v2_config(255));
    EXPECT_EQ(m.start(t0), become_master(255, State::initialize));
    EXPECT_EQ(m.next_deadline(), t0 + seconds(1));
}

TEST(Machine, StateMasterWaitsOneIntervalPlusSkew) {
    auto c = v2_config(150);
    c.start_as_master = true;
    Machine m(c);
    m.start(t0);
    EXPECT_EQ(m.next_deadline(), t0 + nanoseconds(1'414'062'500));
}

TEST(Machine, HigherOrEqualAdvertResetsTheDownTimer) {
    Machine m(v2_config(150));
    m.start(t0);
    EXPECT_TRUE(m.on_advert(t0 + seconds(2), advert(200)).empty());
    EXPECT_EQ(m.next_deadline(), t0 + seconds(2) + nanoseconds(3'414'062'500));
    m.on_advert(t0 + seconds(3), advert(150));
    EXPECT_EQ(m.next_deadline(), t0 + seconds(3) + nanoseconds(3'414'062'500));
}

TEST(Machine, V3BackupLearnsTheMasterInterval) {
    Machine m(v3_config(150));
    m.start(t0);
    m.on_advert(t0, advert(200, "10.0.0.9", Centiseconds(200)));
    EXPECT_EQ(m.master_adver_interval(), Centiseconds(200));
    // 3 * 2 s + ((106 * 200) / 256 = 82 cs).
    EXPECT_EQ(m.next_deadline(), t0 + milliseconds(6820));
}

TEST(Machine, V2BackupKeepsItsOwnInterval) {
    Machine m(v2_config(150));
    m.start(t0);
    m.on_advert(t0, advert(200, "10.0.0.9", Centiseconds(300)));
    EXPECT_EQ(m.master_adver_interval(), Centiseconds(100));
}

TEST(Machine, PriorityZeroCutsTheWaitToSkewTime) {
    Machine m(v3_config(150));
    m.start(t0);
    m.on_advert(t0 + milliseconds(50), advert(0));
    EXPECT_EQ(m.next_deadline(), t0 + milliseconds(90));  // skew = 40 ms
    EXPECT_EQ(m.on_timer(t0 + milliseconds(90)), become_master(150, State::backup));
}

TEST(Machine, PriorityZeroV2) {
    Machine m(v2_config(150));
    m.start(t0);
    m.on_advert(t0 + seconds(1), advert(0));
    EXPECT_EQ(m.next_deadline(), t0 + seconds(1) + nanoseconds(414'062'500));
}

TEST(Machine, PreemptDiscardsLowerAdvertsAndTakesOver) {
    Machine m(v2_config(150));
    m.start(t0);
    m.on_advert(t0 + seconds(1), advert(100));  // discarded: timer keeps running
    EXPECT_EQ(m.next_deadline(), t0 + nanoseconds(3'414'062'500));
    m.on_timer(t0 + nanoseconds(3'414'062'500));
    EXPECT_EQ(m.state(), State::master);
}

TEST(Machine, NopreemptKeepsFollowingALowerMaster) {
    auto c = v2_config(150);
    c.preempt = false;
    Machine m(c);
    m.start(t0);
    m.on_advert(t0 + seconds(1), advert(100));
    EXPECT_EQ(m.next_deadline(), t0 + seconds(1) + nanoseconds(3'414'062'500));
    EXPECT_EQ(m.state(), State::backup);
}

TEST(Machine, PreemptDelayHoldsPreemptionAfterStartUp) {
    auto c = v2_config(150);
    c.preempt_delay = seconds(10);
    Machine m(c);
    m.start(t0);
    for (int s = 1; s < 10; ++s) {  // lower master heard during the delay: followed
        m.on_advert(t0 + seconds(s), advert(100));
        EXPECT_EQ(m.next_deadline(), t0 + seconds(s) + nanoseconds(3'414'062'500));
    }
    m.on_advert(t0 + seconds(10), advert(100));  // delay over: discarded
    EXPECT_EQ(m.next_deadline(), t0 + seconds(9) + nanoseconds(3'414'062'500));
    m.on_timer(t0 + seconds(9) + nanoseconds(3'414'062'500));
    EXPECT_EQ(m.state(), State::master);
}

TEST(Machine, PreemptDelayRestartsFromTheFirstLowerAdvertAfterLosingMastership) {
    auto c = v2_config(150);
    c.preempt_delay = seconds(5);
    Machine m(c);
    m.start(t0);
    m.on_timer(t0 + seconds(4));
    ASSERT_EQ(m.state(), State::master);
    m.on_advert(t0 + seconds(5), advert(200));  // a higher master appears
    ASSERT_EQ(m.state(), State::backup);
    m.on_advert(t0 + seconds(20), advert(100));  // it lost priority: delay starts now
    m.on_advert(t0 + seconds(24), advert(100));  // still held
    EXPECT_EQ(m.next_deadline(), t0 + seconds(24) + nanoseconds(3'414'062'500));
    m.on_advert(t0 + seconds(25), advert(100));  // 5 s after the first lower advert
    EXPECT_EQ(m.next_deadline(), t0 + seconds(24) + nanoseconds(3'414'062'500));
}

TEST(Machine, PreemptDelayStopsWhenAHigherMasterIsHeard) {
    auto c = v2_config(150);
    c.preempt_delay = seconds(5);
    Machine m(c);
    m.start(t0);
    m.on_advert(t0 + seconds(1), advert(200));  // timer stopped: held until a lower one
    m.on_advert(t0 + seconds(7), advert(100));  // starts the delay now
    m.on_advert(t0 + seconds(8), advert(100));
    EXPECT_EQ(m.next_deadline(), t0 + seconds(8) + nanoseconds(3'414'062'500));
}

TEST(Machine, MasterYieldsToHigherPriority) {
    Machine m(v3_config(150));
    m.start(t0);
    m.on_timer(t0 + milliseconds(340));
    const auto now = t0 + milliseconds(400);
    // The last advert tells the winner, which may not have heard us (a healed split brain),
    // to re-announce the addresses (MasterReassertsAgainstLowerPriority).
    EXPECT_EQ(m.on_advert(now, advert(200, "10.0.0.9", Centiseconds(50))),
              (Actions{Action::advert(150), Action::of(Kind::remove_addresses),
                       Action::transition(State::master, State::backup)}));
    EXPECT_EQ(m.master_adver_interval(), Centiseconds(50));
    EXPECT_EQ(m.next_deadline(), now + master_down_interval(Version::v3, 150, Centiseconds(50)));
}

TEST(Machine, MasterReassertsAgainstLowerPriority) {
    Machine m(v2_config(150));
    m.start(t0);
    m.on_timer(t0 + seconds(4));
    const auto deadline = m.next_deadline();
    EXPECT_EQ(m.on_advert(t0 + seconds(4) + milliseconds(500), advert(100)),
              (Actions{Action::of(Kind::master_rx_lower_priority), Action::advert(150),
                       Action::of(Kind::resend_gratuitous)}));
    EXPECT_EQ(m.state(), State::master);
    EXPECT_EQ(m.next_deadline(), deadline);
}

TEST(Machine, MasterReassertsAtMostOncePerAdvertInterval) {
    Machine m(v2_config(150));
    m.start(t0);
    m.on_timer(t0 + seconds(4));
    const Actions reassert{Action::of(Kind::master_rx_lower_priority), Action::advert(150),
                           Action::of(Kind::resend_gratuitous)};
    const Actions heard_only{Action::of(Kind::master_rx_lower_priority)};
    const auto t = t0 + seconds(4) + milliseconds(100);
    EXPECT_EQ(m.on_advert(t, advert(100)), reassert);
    for (int i = 1; i < 10; ++i)  // a flood within the interval
        EXPECT_EQ(m.on_advert(t + milliseconds(100 * i), advert(100)), heard_only);
    EXPECT_EQ(m.on_advert(t + seconds(1) - nanoseconds(1), advert(100)), heard_only);
    EXPECT_EQ(m.on_advert(t + seconds(1), advert(100)), reassert);
    EXPECT_EQ(m.on_advert(t + seconds(1) + milliseconds(1), advert(100)), heard_only);
}

TEST(Machine, OwnerStaysMasterWhateverItHears) {
    Machine m(v2_config(255));  // we are 10.0.0.5
    m.start(t0);
    ASSERT_EQ(m.state(), State::master);
    const auto deadline = m.next_deadline();
    EXPECT_TRUE(m.on_advert(t0 + milliseconds(100), advert(255, "10.0.0.9")).empty());
    // A lower master (a healed split brain): the owner re-announces its addresses too, at most
    // once per interval.
    EXPECT_EQ(m.on_advert(t0 + milliseconds(200), advert(254)),
              (Actions{Action::of(Kind::master_rx_lower_priority), Action::advert(255),
                       Action::of(Kind::resend_gratuitous)}));
    EXPECT_EQ(m.on_advert(t0 + milliseconds(300), advert(100)),
              (Actions{Action::of(Kind::master_rx_lower_priority)}));
    EXPECT_EQ(m.state(), State::master);
    EXPECT_EQ(m.next_deadline(), deadline);
    // A resigning master still gets its answer (RFC 5798 §6.4.3).
    EXPECT_EQ(m.on_advert(t0 + milliseconds(400), advert(0)), (Actions{Action::advert(255)}));
}

TEST(Machine, ABackupFollowsTheMasterWhoseAdvertsItProcesses) {
    Machine m(v2_config(150));
    m.start(t0);
    EXPECT_EQ(m.followed_master(), std::nullopt);
    m.on_advert(t0 + seconds(1), advert(200, "10.0.0.9"));
    EXPECT_EQ(m.followed_master(), test::ip("10.0.0.9"));
    m.on_advert(t0 + seconds(2), advert(100, "10.0.0.7"));  // discarded: we preempt it
    EXPECT_EQ(m.followed_master(), test::ip("10.0.0.9"));
    m.on_timer(t0 + seconds(10));
    ASSERT_EQ(m.state(), State::master);
    EXPECT_EQ(m.followed_master(), std::nullopt);
    m.on_advert(t0 + seconds(11), advert(200, "10.0.0.8"));
    ASSERT_EQ(m.state(), State::backup);
    EXPECT_EQ(m.followed_master(), test::ip("10.0.0.8"));
}

TEST(Machine, LowerPrioNoAdvertAndNoGarpOptions) {
    auto c = v2_config(150);
    c.lower_prio_no_advert = true;
    c.garp_on_lower_prio = false;
    Machine m(c);
    m.start(t0);
    m.on_timer(t0 + seconds(4));
    EXPECT_EQ(m.on_advert(t0 + seconds(5), advert(100)),
              (Actions{Action::of(Kind::master_rx_lower_priority)}));
}

TEST(Machine, LowerPrioNoAdvertStillReannounces) {
    auto c = v2_config(150);
    c.lower_prio_no_advert = true;  // keepalived.conf(5): no advert back, but the GARPs
    Machine m(c);
    m.start(t0);
    m.on_timer(t0 + seconds(4));
    EXPECT_EQ(
        m.on_advert(t0 + seconds(5), advert(100)),
        (Actions{Action::of(Kind::master_rx_lower_priority), Action::of(Kind::resend_gratuitous)}));
}

TEST(Machine, HigherPrioSendAdvertOffStepsDownSilently) {
    auto c = v2_config(150);
    c.higher_prio_send_advert = false;
    Machine m(c);
    m.start(t0);
    m.on_timer(t0 + seconds(4));
    EXPECT_EQ(m.on_advert(t0 + seconds(5), advert(200, "10.0.0.9")),
              (Actions{Action::of(Kind::remove_addresses),
                       Action::transition(State::master, State::backup)}));
}

TEST(Machine, StartupDelayKeepsTheInstanceDeafAndSilentInInit) {
    Machine m(v2_config(150));
    EXPECT_TRUE(m.start(t0, t0 + seconds(5)).empty());
    EXPECT_EQ(m.state(), State::initialize);
    EXPECT_EQ(m.next_deadline(), t0 + seconds(5));
    EXPECT_TRUE(m.on_advert(t0 + seconds(1), advert(100)).empty());
    EXPECT_TRUE(m.on_timer(t0 + seconds(4)).empty());
    EXPECT_EQ(m.on_timer(t0 + seconds(5)),
              (Actions{Action::transition(State::initialize, State::backup)}));
    EXPECT_EQ(m.next_deadline(),
              t0 + seconds(5) + master_down_interval(Version::v2, 150, Centiseconds(100)));
}

TEST(Machine, StartupDelayOverAlreadyStartsAtOnce) {
    Machine m(v2_config(255));
    EXPECT_EQ(m.start(t0 + seconds(6), t0 + seconds(5)), become_master(255, State::initialize));
}

TEST(Machine, EqualPriorityHigherAddressWins) {
    Machine m(v2_config(150));  // we are 10.0.0.5
    m.start(t0);
    m.on_timer(t0 + seconds(4));
    EXPECT_EQ(m.on_advert(t0 + seconds(5), advert(150, "10.0.0.1")).front().kind,
              Kind::master_rx_lower_priority);
    EXPECT_EQ(m.state(), State::master);
    EXPECT_TRUE(m.on_advert(t0 + seconds(5), advert(150, "10.0.0.5")).empty());  // ourselves
    m.on_advert(t0 + seconds(5), advert(150, "10.0.0.9"));
    EXPECT_EQ(m.state(), State::backup);
}

TEST(Machine, MasterAnswersPriorityZeroAndResetsItsTimer) {
    Machine m(v2_config(150));
    m.start(t0);
    m.on_timer(t0 + seconds(4));
    EXPECT_EQ(m.on_advert(t0 + seconds(4) + milliseconds(300), advert(0)),
              (Actions{Action::advert(150)}));
    EXPECT_EQ(m.next_deadline(), t0 + seconds(5) + milliseconds(300));
}

TEST(Machine, ShutdownFromMasterResignsWithPriorityZero) {
    Machine m(v2_config(255));
    m.start(t0);
    EXPECT_EQ(m.shutdown(), (Actions{Action::advert(0), Action::of(Kind::remove_addresses),
                                     Action::transition(State::master, State::initialize)}));
    EXPECT_FALSE(m.next_deadline());
    EXPECT_TRUE(m.shutdown().empty());
}

TEST(Machine, AResigningMasterIsMasterAgainAfterSkewTimeAlone) {
    Machine m(v3_config(150));
    m.start(t0);
    m.on_timer(t0 + milliseconds(340));  // 3 x 100 ms + 40 ms skew
    ASSERT_EQ(m.state(), State::master);
    const TimePoint deleted = t0 + seconds(2);
    EXPECT_EQ(m.resign(deleted), (Actions{Action::advert(0), Action::of(Kind::remove_addresses),
                                          Action::transition(State::master, State::backup)}));
    EXPECT_EQ(m.next_deadline(), deleted + milliseconds(40));
    EXPECT_EQ(m.on_timer(deleted + milliseconds(40)), become_master(150, State::backup));
}

TEST(Machine, AResigningMasterYieldsToAPeerThatTakesOver) {
    Machine m(v2_config(150));
    m.start(t0);
    m.on_timer(t0 + seconds(4));
    m.resign(t0 + seconds(5));
    // The peer answered the priority-0 advert by taking over: followed, as any master.
    m.on_advert(t0 + seconds(5) + milliseconds(100), advert(150, "10.0.0.9"));
    EXPECT_EQ(m.state(), State::backup);
    EXPECT_EQ(m.next_deadline(), t0 + seconds(8) + milliseconds(514) + nanoseconds(62'500));
}

TEST(Machine, ResigningIsForAMasterOnly) {
    Machine m(v2_config(100));
    m.start(t0);
    EXPECT_TRUE(m.resign(t0 + seconds(1)).empty());
    EXPECT_EQ(m.state(), State::backup);
}

TEST(Machine, ShutdownFromBackupIsQuiet) {
    Machine m(v2_config(100));
    m.start(t0);
    EXPECT_EQ(m.shutdown(), (Actions{Action::transition(State::backup, State::initialize)}));
}

TEST(Machine, FaultFromMasterAndBack) {
    Machine m(v2_config(150));
    m.start(t0);
    m.on_timer(t0 + seconds(4));
    EXPECT_EQ(m.set_fault(t0 + seconds(5), true),
              (Actions{Action::advert(0), Action::of(Kind::remove_addresses),
                       Action::transition(State::master, State::fault)}));
    EXPECT_FALSE(m.next_deadline());
    EXPECT_TRUE(m.on_advert(t0 + seconds(6), advert(100)).empty());
    EXPECT_TRUE(m.on_timer(t0 + seconds(60)).empty());
    EXPECT_EQ(m.set_fault(t0 + seconds(7), false),
              (Actions{Action::transition(State::fault, State::backup)}));
    EXPECT_EQ(m.next_deadline(), t0 + seconds(7) + nanoseconds(3'414'062'500));
}

TEST(Machine, OwnerLeavingFaultBecomesMaster) {
    Machine m(v2_config(255));
    m.set_fault(t0, true);
    EXPECT_EQ(m.start(t0), (Actions{Action::transition(State::initialize, State::fault)}));
    EXPECT_EQ(m.set_fault(t0 + seconds(1), false), become_master(255, State::fault));
}

TEST(Machine, FaultFromBackup) {
    Machine m(v2_config(100));
    m.start(t0);
    EXPECT_EQ(m.set_fault(t0, true), (Actions{Action::transition(State::backup, State::fault)}));
    EXPECT_TRUE(m.set_fault(t0, true).empty());
}

TEST(Machine, PriorityChangeOnMasterIsAdvertisedAtOnce) {
    Machine m(v2_config(150));
    m.start(t0);
    m.on_timer(t0 + seconds(4));
    EXPECT_EQ(m.set_priority(100), (Actions{Action::advert(100)}));
    EXPECT_EQ(m.on_timer(*m.next_deadline()), (Actions{Action::advert(100)}));
    EXPECT_TRUE(m.set_priority(100).empty());
}

TEST(Machine, PriorityChangeOnBackupChangesSkewAndPreemption) {
    Machine m(v2_config(100));
    m.start(t0);
    m.on_advert(t0, advert(120));
    EXPECT_TRUE(m.set_priority(200).empty());
    m.on_advert(t0 + seconds(1), advert(120));  // now lower: discarded
    EXPECT_EQ(m.next_deadline(), t0 + master_down_interval(Version::v2, 100, seconds(1)));
    m.set_priority(50);
    m.on_advert(t0 + seconds(2), advert(120));
    EXPECT_EQ(m.next_deadline(), t0 + seconds(2) + nanoseconds(3'804'687'500));  // skew 206/256 s
}

TEST(Machine, OwnerIgnoresPriorityChanges) {
    Machine m(v2_config(255));
    m.start(t0);
    EXPECT_TRUE(m.set_priority(100).empty());
    EXPECT_EQ(m.priority(), 255);
}

TEST(Machine, RejectsPriorityZero) {
    EXPECT_THROW(Machine(v2_config(0)), std::invalid_argument);
}

TEST(Machine, StateNames) {
    EXPECT_EQ(name(State::initialize), "INIT");
    EXPECT_EQ(name(State::backup), "BACKUP");
    EXPECT_EQ(name(State::master), "MASTER");
    EXPECT_EQ(name(State::fault), "FAULT");
}

}  // namespace
}  // namespace routerd::vrrp
