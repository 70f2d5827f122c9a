#include <gtest/gtest.h>

#include "routerd/ipvs/sched/wlc.h"
#include "support.h"

namespace routerd::ipvs {
namespace {

using test::backends_with_weights;
using test::flow_from;

TEST(WeightedLeastConnection, ComparesOverheadPerWeight) {
    WeightedLeastConnection wlc;
    auto backends = backends_with_weights({1, 3});
    backends[0].active_connections = 1;  // 256 / 1
    backends[1].active_connections = 2;  // 512 / 3
    EXPECT_EQ(wlc.pick(backends, flow_from(1)), 1u);
    backends[1].active_connections = 3;  // 768 / 3 = 256 / 1: the first of equals
    EXPECT_EQ(wlc.pick(backends, flow_from(1)), 0u);
    backends[0].inactive_connections = 1;  // 257 / 1 > 768 / 3
    EXPECT_EQ(wlc.pick(backends, flow_from(1)), 1u);
}

TEST(WeightedLeastConnection, SkipsWeightZeroEvenWhenIdle) {
    WeightedLeastConnection wlc;
    auto backends = backends_with_weights({0, 2});
    backends[1].active_connections = 100;
    EXPECT_EQ(wlc.pick(backends, flow_from(1)), 1u);
}

TEST(WeightedLeastConnection, AMillionConnectionsFollowTheWeights) {
    WeightedLeastConnection wlc;
    auto backends = backends_with_weights({3, 1, 6});
    const auto counts = test::count_with_connections(wlc, backends, 1'000'000);
    EXPECT_EQ(counts, (std::vector<uint64_t>{300'000, 100'000, 600'000, 0}));
}

}  // namespace
}  // namespace routerd::ipvs
