#include <gtest/gtest.h>

#include "routerd/ipvs/sched/lc.h"
#include "support.h"

namespace routerd::ipvs {
namespace {

using test::backends_with_weights;
using test::flow_from;

TEST(LeastConnection, AnActiveConnectionWeighs256Inactive) {
    LeastConnection lc;
    auto backends = backends_with_weights({1, 1});
    backends[0].active_connections = 1;      // overhead 256
    backends[1].inactive_connections = 255;  // overhead 255
    EXPECT_EQ(lc.pick(backends, flow_from(1)), 1u);
    backends[1].inactive_connections = 257;
    EXPECT_EQ(lc.pick(backends, flow_from(1)), 0u);
}

TEST(LeastConnection, TheFirstOfEqualsWins) {
    LeastConnection lc;
    auto backends = backends_with_weights({1, 1, 1});
    backends[0].active_connections = 2;
    backends[1].inactive_connections = 256;
    backends[2].active_connections = 1;
    EXPECT_EQ(lc.pick(backends, flow_from(1)), 1u);
}

TEST(LeastConnection, IgnoresWeightsButZero) {
    LeastConnection lc;
    auto backends = backends_with_weights({100, 1, 0});
    backends[0].active_connections = 5;
    backends[1].active_connections = 4;
    EXPECT_EQ(lc.pick(backends, flow_from(1)), 1u);
    backends[1].overloaded = true;
    EXPECT_EQ(lc.pick(backends, flow_from(1)), 0u);
}

TEST(LeastConnection, BalancesAMillionConnectionsEvenlyWhateverTheWeights) {
    LeastConnection lc;
    auto backends = backends_with_weights({1, 7, 3});
    const auto counts = test::count_with_connections(lc, backends, 1'000'000);
    // Each pick goes to the least loaded: they never differ by more than one.
    EXPECT_EQ(counts, (std::vector<uint64_t>{333'334, 333'333, 333'333, 0}));
}

}  // namespace
}  // namespace routerd::ipvs
