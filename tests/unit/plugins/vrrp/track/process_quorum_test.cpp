#include <gtest/gtest.h>

#include <stdexcept>

#include "process_quorum.hpp"

namespace routerd::vrrp::track {
namespace {

using namespace std::chrono_literals;

const TimePoint t0{};

QuorumConfig band(std::size_t quorum, std::size_t quorum_max) {
    QuorumConfig config;
    config.quorum = quorum;
    config.quorum_max = quorum_max;
    return config;
}

TEST(Quorum, RangeAndDescription) {
    QuorumConfig one;
    EXPECT_FALSE(within_quorum(one, 0));
    EXPECT_TRUE(within_quorum(one, 1));
    EXPECT_TRUE(within_quorum(one, 50));
    EXPECT_EQ(describe_quorum(one), "quorum 1");
    QuorumConfig two_three = band(2, 3);
    EXPECT_FALSE(within_quorum(two_three, 1));
    EXPECT_TRUE(within_quorum(two_three, 2));
    EXPECT_TRUE(within_quorum(two_three, 3));
    EXPECT_FALSE(within_quorum(two_three, 4));
    EXPECT_EQ(describe_quorum(two_three), "quorum 2..3");
    QuorumConfig absent = band(0, 0);  // keepalived.conf(5): quorum_max 0 = fail if it runs at all
    EXPECT_TRUE(within_quorum(absent, 0));
    EXPECT_FALSE(within_quorum(absent, 1));
}

TEST(Quorum, ValidationRejectsAnEmptyBandAndNegativeDelays) {
    EXPECT_THROW(validate(band(3, 2)), std::invalid_argument);
    QuorumConfig negative;
    negative.terminate_delay = -1s;
    EXPECT_THROW(validate(negative), std::invalid_argument);
    EXPECT_THROW(QuorumState(band(3, 2)), std::invalid_argument);
}

TEST(QuorumState, FirstCountDecidesAtOnceEvenWithDelays) {
    QuorumConfig config;
    config.fork_delay = config.terminate_delay = 5s;
    QuorumState down(config);
    EXPECT_EQ(down.up(), std::nullopt);
    EXPECT_TRUE(down.observe(0, t0));
    EXPECT_EQ(down.up(), false);
    QuorumState up(config);
    EXPECT_TRUE(up.observe(1, t0));
    EXPECT_EQ(up.up(), true);
    EXPECT_EQ(up.deadline(), std::nullopt);
}

TEST(QuorumState, WithoutDelaysEveryCrossingReportsImmediately) {
    QuorumState state(QuorumConfig{});
    state.observe(1, t0);
    EXPECT_FALSE(state.observe(2, t0 + 1s)) << "still up";
    EXPECT_TRUE(state.observe(0, t0 + 2s));
    EXPECT_EQ(state.up(), false);
    EXPECT_FALSE(state.observe(0, t0 + 3s));
    EXPECT_TRUE(state.observe(1, t0 + 4s));
    EXPECT_EQ(state.up(), true);
}

TEST(QuorumState, TerminateDelayHoldsDownUntilItPasses) {
    QuorumConfig config;
    config.terminate_delay = 1s;  // the arch wiki's `delay 1` on sshd
    QuorumState state(config);
    state.observe(1, t0);
    EXPECT_FALSE(state.observe(0, t0 + 10s));
    EXPECT_EQ(state.up(), true);
    EXPECT_EQ(state.deadline(), t0 + 11s);
    EXPECT_FALSE(state.on_timer(t0 + 10s + 999ms));
    EXPECT_FALSE(state.observe(0, t0 + 10s + 500ms)) << "a later count keeps the first deadline";
    EXPECT_EQ(state.deadline(), t0 + 11s);
    EXPECT_TRUE(state.on_timer(t0 + 11s));
    EXPECT_EQ(state.up(), false);
    EXPECT_EQ(state.deadline(), std::nullopt);
}

TEST(QuorumState, AnObservationPastTheDeadlineCommitsToo) {
    QuorumConfig config;
    config.terminate_delay = 1s;
    QuorumState state(config);
    state.observe(1, t0);
    state.observe(0, t0 + 1s);
    EXPECT_TRUE(state.observe(0, t0 + 2s));
    EXPECT_EQ(state.up(), false);
}

TEST(QuorumState, ARestartWithinTheDelayIsNeverSeen) {
    QuorumConfig config;
    config.terminate_delay = 1s;
    QuorumState state(config);
    state.observe(1, t0);
    state.observe(0, t0 + 1s);
    EXPECT_FALSE(state.observe(1, t0 + 1500ms));
    EXPECT_EQ(state.deadline(), std::nullopt);
    EXPECT_FALSE(state.on_timer(t0 + 5s));
    EXPECT_EQ(state.up(), true);
}

TEST(QuorumState, ForkDelayHoldsUpAndAppliesToGrowth) {
    QuorumConfig config;
    config.fork_delay = 2s;
    config.terminate_delay = 0s;
    QuorumState state(config);
    state.observe(0, t0);
    EXPECT_FALSE(state.observe(1, t0 + 1s));
    EXPECT_EQ(state.deadline(), t0 + 3s);
    EXPECT_TRUE(state.on_timer(t0 + 3s));
    EXPECT_EQ(state.up(), true);
    EXPECT_TRUE(state.observe(0, t0 + 4s)) << "no terminate_delay: down at once";
}

TEST(QuorumState, ExceedingQuorumMaxByForkingWaitsForkDelayAndDroppingBackWaitsTerminateDelay) {
    QuorumConfig config = band(1, 1);
    config.fork_delay = 2s;
    config.terminate_delay = 3s;
    QuorumState state(config);
    state.observe(1, t0);
    EXPECT_FALSE(state.observe(2, t0 + 1s));
    EXPECT_EQ(state.deadline(), t0 + 3s);
    EXPECT_FALSE(state.observe(1, t0 + 2s)) << "the fork's child exited: never down";
    EXPECT_FALSE(state.observe(2, t0 + 4s));
    EXPECT_TRUE(state.on_timer(t0 + 6s));
    EXPECT_EQ(state.up(), false);
    EXPECT_FALSE(state.observe(1, t0 + 7s));
    EXPECT_EQ(state.deadline(), t0 + 10s);
    EXPECT_TRUE(state.on_timer(t0 + 10s));
    EXPECT_EQ(state.up(), true);
}

TEST(QuorumState, OnTimerWithoutPendingChangeDoesNothing) {
    QuorumState state(QuorumConfig{});
    EXPECT_FALSE(state.on_timer(t0));
    state.observe(1, t0);
    EXPECT_FALSE(state.on_timer(t0 + 1h));
    EXPECT_EQ(state.count(), 1u);
}

}  // namespace
}  // namespace routerd::vrrp::track
