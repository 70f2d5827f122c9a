#include <gtest/gtest.h>

#include "routerd/ipvs/sched/fo.h"
#include "support.h"

namespace routerd::ipvs {
namespace {

using test::backends_with_weights;
using test::flow_from;

TEST(WeightedFailover, EveryConnectionGoesToTheHeaviestServer) {
    WeightedFailover fo;
    auto backends = backends_with_weights({3, 9, 9, 1});
    backends[1].active_connections = 1'000'000;  // load is no concern of fo
    const auto counts = test::count_picks(fo, backends, 1'000'000);
    EXPECT_EQ(counts, (std::vector<uint64_t>{0, 1'000'000, 0, 0, 0}));
}

TEST(WeightedFailover, FailsOverInWeightOrder) {
    WeightedFailover fo;
    auto backends = backends_with_weights({3, 9, 5});
    backends[1].overloaded = true;
    EXPECT_EQ(fo.pick(backends, flow_from(1)), 2u);
    backends[2].weight = 0;
    EXPECT_EQ(fo.pick(backends, flow_from(1)), 0u);
}

}  // namespace
}  // namespace routerd::ipvs
