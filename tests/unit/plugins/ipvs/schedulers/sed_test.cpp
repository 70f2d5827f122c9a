#include <gtest/gtest.h>

#include "routerd/ipvs/sched/sed.h"
#include "support.h"

namespace routerd::ipvs {
namespace {

using test::backends_with_weights;
using test::flow_from;

TEST(ShortestExpectedDelay, CountsTheNewConnection) {
    ShortestExpectedDelay sed;
    // Both idle: (0 + 1) / 1 against (0 + 1) / 4, the fast server wins (wlc would take
    // the first, as both overheads are 0).
    auto backends = backends_with_weights({1, 4});
    EXPECT_EQ(sed.pick(backends, flow_from(1)), 1u);
    backends[1].active_connections = 3;  // 4 / 4 = 1 / 1: the first of equals
    EXPECT_EQ(sed.pick(backends, flow_from(1)), 0u);
}

TEST(ShortestExpectedDelay, IgnoresInactiveConnections) {
    ShortestExpectedDelay sed;
    auto backends = backends_with_weights({1, 1});
    backends[0].inactive_connections = 1000;
    backends[1].active_connections = 1;
    EXPECT_EQ(sed.pick(backends, flow_from(1)), 0u);
}

TEST(ShortestExpectedDelay, AMillionConnectionsFollowTheWeights) {
    ShortestExpectedDelay sed;
    auto backends = backends_with_weights({2, 5, 3});
    const auto counts = test::count_with_connections(sed, backends, 1'000'000);
    EXPECT_EQ(counts, (std::vector<uint64_t>{200'000, 500'000, 300'000, 0}));
}

}  // namespace
}  // namespace routerd::ipvs
