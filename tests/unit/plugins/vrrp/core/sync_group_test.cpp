#include <gtest/gtest.h>

#include "sync_group.hpp"
#include "vrrp_test_util.hpp"

namespace routerd::vrrp {
namespace {

using std::chrono::nanoseconds;
using std::chrono::seconds;
using Kind = Action::Kind;

const TimePoint t0 = TimePoint{} + seconds(1000);
const nanoseconds kDown100{3'609'375'000};  // v2, priority 100, 1 s
const nanoseconds kDown90{3'648'437'500};   // v2, priority 90, 1 s

MachineConfig config(std::uint8_t priority) {
    MachineConfig c;
    c.version = Version::v2;
    c.priority = priority;
    c.advert_interval = seconds(1);
    c.primary_address = test::ip("10.0.0.5");
    return c;
}

Advert advert(std::uint8_t priority) {
    Advert a;
    a.priority = priority;
    a.source = test::ip("10.0.0.9");
    a.advert_interval = seconds(1);
    return a;
}

struct Pair : ::testing::Test {
    Machine a{config(100)};
    Machine b{config(90)};
    SyncGroup group{{&a, &b}};

    void start_both() {
        a.start(t0);
        b.start(t0);
        group.reconcile(t0);
    }
};

TEST_F(Pair, WaitsUntilEveryMemberWantsMasterThenMovesTogether) {
    start_both();
    EXPECT_EQ(group.state(), State::backup);
    // a times out first, but b still hears its master: a keeps waiting.
    EXPECT_TRUE(a.on_timer(t0 + kDown100).empty());
    EXPECT_EQ(a.state(), State::backup);
    EXPECT_TRUE(a.wants_master());
    EXPECT_EQ(a.next_deadline(), t0 + kDown100 + kDown100);
    EXPECT_TRUE(group.reconcile(t0 + kDown100).empty());
    // b times out too: it may go, and a follows.
    const auto now = t0 + kDown90;
    EXPECT_EQ(b.on_timer(now).back(), Action::transition(State::backup, State::master));
    const auto forced = group.reconcile(now);
    ASSERT_EQ(forced.size(), 1u);
    EXPECT_EQ(forced[0].member, 0u);
    EXPECT_EQ(forced[0].actions.back(), Action::transition(State::backup, State::master));
    EXPECT_EQ(a.state(), State::master);
    EXPECT_EQ(group.state(), State::master);
}

TEST_F(Pair, AnAdvertCancelsAWaitingMembersWish) {
    start_both();
    a.on_timer(t0 + kDown100);
    group.reconcile(t0 + kDown100);
    a.on_advert(t0 + seconds(4), advert(200));
    EXPECT_FALSE(a.wants_master());
    group.reconcile(t0 + seconds(4));
    b.on_timer(t0 + kDown90);
    EXPECT_EQ(b.state(), State::backup);  // held: a no longer wants master
}

TEST_F(Pair, OneMasterDemotedTakesTheGroupToBackup) {
    a.start(t0);
    b.start(t0);
    a.hold_master(false);
    a.on_timer(t0 + kDown100);
    group.reconcile(t0 + kDown100);
    ASSERT_EQ(b.state(), State::master);
    const auto now = t0 + seconds(5);
    b.on_advert(now, advert(200));
    const auto forced = group.reconcile(now);
    ASSERT_EQ(forced.size(), 1u);
    EXPECT_EQ(forced[0].member, 0u);
    EXPECT_EQ(forced[0].actions, (Actions{Action::of(Kind::remove_addresses),
                                          Action::transition(State::master, State::backup)}));
    EXPECT_EQ(group.state(), State::backup);
}

TEST_F(Pair, OneFaultFaultsTheGroupAndRecoveryReleasesIt) {
    a.start(t0);
    b.start(t0);
    a.hold_master(false);
    a.on_timer(t0 + kDown100);
    group.reconcile(t0 + kDown100);
    ASSERT_EQ(b.state(), State::master);
    const auto now = t0 + seconds(5);
    a.set_fault(now, true);
    auto forced = group.reconcile(now);
    ASSERT_EQ(forced.size(), 1u);
    EXPECT_EQ(forced[0].member, 1u);
    EXPECT_EQ(forced[0].actions, (Actions{Action::advert(0), Action::of(Kind::remove_addresses),
                                          Action::transition(State::master, State::fault)}));
    EXPECT_EQ(group.state(), State::fault);

    const auto later = t0 + seconds(9);
    EXPECT_EQ(a.set_fault(later, false),
              (Actions{Action::transition(State::fault, State::backup)}));
    forced = group.reconcile(later);
    ASSERT_EQ(forced.size(), 1u);
    EXPECT_EQ(forced[0].actions, (Actions{Action::transition(State::fault, State::backup)}));
    EXPECT_EQ(group.state(), State::backup);
    EXPECT_EQ(b.next_deadline(), later + kDown90);
}

TEST_F(Pair, StaysFaultWhileAnyMemberIsFaulty) {
    start_both();
    a.set_fault(t0, true);
    b.set_fault(t0, true);
    group.reconcile(t0);
    a.set_fault(t0 + seconds(1), false);
    group.reconcile(t0 + seconds(1));
    EXPECT_EQ(a.state(), State::fault);  // b's own fault still holds the group
    EXPECT_EQ(group.state(), State::fault);
    b.set_fault(t0 + seconds(2), false);
    group.reconcile(t0 + seconds(2));
    EXPECT_EQ(a.state(), State::backup);
    EXPECT_EQ(b.state(), State::backup);
}

}  // namespace
}  // namespace routerd::vrrp
