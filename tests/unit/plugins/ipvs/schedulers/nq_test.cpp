#include <gtest/gtest.h>

#include "routerd/ipvs/sched/nq.h"
#include "support.h"

namespace routerd::ipvs {
namespace {

using test::backends_with_weights;
using test::flow_from;

TEST(NeverQueue, AnIdleServerComesFirstWhateverItsWeight) {
    NeverQueue nq;
    auto backends = backends_with_weights({100, 1, 1});
    backends[0].active_connections = 1;  // expected delay 2 / 100
    backends[1].inactive_connections = 50;
    EXPECT_EQ(nq.pick(backends, flow_from(1)), 1u);
}

TEST(NeverQueue, WithoutIdleServersFallsBackToShortestExpectedDelay) {
    NeverQueue nq;
    auto backends = backends_with_weights({1, 3});
    backends[0].active_connections = 1;  // 2 / 1
    backends[1].active_connections = 4;  // 5 / 3
    EXPECT_EQ(nq.pick(backends, flow_from(1)), 1u);
    backends[1].active_connections = 5;  // 6 / 3 = 2 / 1: the first of equals
    EXPECT_EQ(nq.pick(backends, flow_from(1)), 0u);
}

TEST(NeverQueue, AnIdleButUnavailableServerDoesNotCount) {
    NeverQueue nq;
    auto backends = backends_with_weights({0, 1, 1});
    backends[1].overloaded = true;
    backends[2].active_connections = 7;
    EXPECT_EQ(nq.pick(backends, flow_from(1)), 2u);
}

TEST(NeverQueue, AMillionConnectionsFillEveryServerThenFollowTheWeights) {
    NeverQueue nq;
    auto backends = backends_with_weights({1, 4});
    const auto counts = test::count_with_connections(nq, backends, 1'000'000);
    // Both idle servers take one each first; from there on the sed rule.
    EXPECT_EQ(counts, (std::vector<uint64_t>{200'000, 800'000, 0}));
}

}  // namespace
}  // namespace routerd::ipvs
