#include "prefix_health.hpp"

#include <gtest/gtest.h>

namespace routerd::announce_bgp {
namespace {

TEST(PrefixHealth, NothingHeardYetIsNotHealthy) {
    const Signals none;
    EXPECT_EQ(prefix_health({{"web"}, {}, {}}, none).why, "check web not reported yet");
    EXPECT_EQ(prefix_health({{}, "http", {}}, none).why,
              "virtual server http: quorum not reported yet");
    EXPECT_EQ(prefix_health({{}, {}, "VI_1"}, none).why, "VRRP VI_1 not MASTER");
    EXPECT_FALSE(prefix_health({{"web"}, "http", "VI_1"}, none).healthy);
}

TEST(PrefixHealth, FollowsTheVirtualServersQuorum) {
    Signals s;
    s.quorum["http"] = {false, "healthy weight 0, quorum 1"};
    const Conditions follows{{}, "http", {}};
    const Health lost = prefix_health(follows, s);
    EXPECT_FALSE(lost.healthy);
    EXPECT_EQ(lost.why, "virtual server http without quorum: healthy weight 0, quorum 1");
    s.quorum["http"] = {true, "healthy weight 2, quorum 1"};
    const Health regained = prefix_health(follows, s);
    EXPECT_TRUE(regained.healthy);
    EXPECT_EQ(regained.why, "virtual server http has quorum");
    // Another virtual server's quorum says nothing of this one.
    s.quorum.erase("http");
    s.quorum["other"] = {true, ""};
    EXPECT_FALSE(prefix_health(follows, s).healthy);
}

TEST(PrefixHealth, EveryConditionMustHoldAndTheFirstFailureIsTheReason) {
    Signals s;
    s.checks["a"] = {true, ""};
    s.checks["b"] = {false, "connection refused"};
    s.quorum["http"] = {true, ""};
    s.master["VI_1"] = true;
    const Conditions all{{"a", "b"}, "http", "VI_1"};
    EXPECT_EQ(prefix_health(all, s).why, "check b down: connection refused");
    s.checks["b"].up = true;
    s.master["VI_1"] = false;
    EXPECT_EQ(prefix_health(all, s).why, "VRRP VI_1 not MASTER");
    s.master["VI_1"] = true;
    const Health healthy = prefix_health(all, s);
    EXPECT_TRUE(healthy.healthy);
    EXPECT_EQ(healthy.why,
              "check a up, check b up, virtual server http has quorum, VRRP VI_1 MASTER");
}

}  // namespace
}  // namespace routerd::announce_bgp
