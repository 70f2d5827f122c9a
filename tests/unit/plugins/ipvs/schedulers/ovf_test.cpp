#include <gtest/gtest.h>

#include "routerd/ipvs/sched/ovf.h"
#include "support.h"

namespace routerd::ipvs {
namespace {

using test::backends_with_weights;
using test::flow_from;

TEST(WeightedOverflow, FillsTheHeaviestServerThenOverflows) {
    WeightedOverflow ovf;
    auto backends = backends_with_weights({2, 5, 3});
    // As ip_vs_ovf.c, a server is skipped once active > weight, so it holds weight + 1.
    const auto counts = test::count_with_connections(ovf, backends, 6 + 4 + 3);
    EXPECT_EQ(counts, (std::vector<uint64_t>{3, 6, 4, 0}));
    EXPECT_EQ(ovf.pick(backends, flow_from(1)), std::nullopt);
}

TEST(WeightedOverflow, ATieGoesToTheFirst) {
    WeightedOverflow ovf;
    auto backends = backends_with_weights({4, 4});
    EXPECT_EQ(ovf.pick(backends, flow_from(1)), 0u);
    backends[0].active_connections = 5;
    EXPECT_EQ(ovf.pick(backends, flow_from(1)), 1u);
}

TEST(WeightedOverflow, SkipsOverloadedAndWeightZeroServers) {
    WeightedOverflow ovf;
    auto backends = backends_with_weights({0, 5, 3});
    backends[1].overloaded = true;
    EXPECT_EQ(ovf.pick(backends, flow_from(1)), 2u);
}

TEST(WeightedOverflow, AMillionPicksWithoutConnectionsStayOnTheHeaviest) {
    WeightedOverflow ovf;
    const auto backends = backends_with_weights({2, 5, 3});
    const auto counts = test::count_picks(ovf, backends, 1'000'000);
    EXPECT_EQ(counts, (std::vector<uint64_t>{0, 1'000'000, 0, 0}));
}

}  // namespace
}  // namespace routerd::ipvs
