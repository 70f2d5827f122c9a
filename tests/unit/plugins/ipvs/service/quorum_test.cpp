#include "routerd/ipvs/service/quorum.h"

#include <gtest/gtest.h>

using routerd::ipvs::next_quorum_up;

TEST(Quorum, WithoutHysteresisTheQuorumIsTheLine) {
    EXPECT_TRUE(next_quorum_up(true, 3, 3, 0));
    EXPECT_FALSE(next_quorum_up(true, 2, 3, 0));
    EXPECT_FALSE(next_quorum_up(false, 2, 3, 0));
    EXPECT_TRUE(next_quorum_up(false, 3, 3, 0));
}

TEST(Quorum, HysteresisWidensTheBandBothWays) {
    // quorum 4, hysteresis 1: lost below 3, regained at 5.
    EXPECT_TRUE(next_quorum_up(true, 3, 4, 1));
    EXPECT_FALSE(next_quorum_up(true, 2, 4, 1));
    EXPECT_FALSE(next_quorum_up(false, 3, 4, 1));
    EXPECT_FALSE(next_quorum_up(false, 4, 4, 1));
    EXPECT_TRUE(next_quorum_up(false, 5, 4, 1));
}

TEST(Quorum, NoHealthyWeightIsNeverAQuorum) {
    EXPECT_FALSE(next_quorum_up(true, 0, 1, 5));  // hysteresis larger than the quorum
    EXPECT_TRUE(next_quorum_up(true, 1, 1, 5));
    EXPECT_FALSE(next_quorum_up(false, 0, 1, 0));
}

TEST(Quorum, LargeValuesDoNotOverflow) {
    EXPECT_TRUE(next_quorum_up(false, 8589934590ull, 4294967295u, 4294967295u));
    EXPECT_FALSE(next_quorum_up(false, 8589934589ull, 4294967295u, 4294967295u));
}
