#include <gtest/gtest.h>

#include "routerd/ipvs/sched/rr.h"
#include "support.h"

namespace routerd::ipvs {
namespace {

using test::backends_with_weights;
using test::flow_from;

std::vector<std::size_t> sequence(Scheduler& s, const std::vector<Backend>& backends, int n) {
    std::vector<std::size_t> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(s.pick(backends, flow_from(1)).value());
    }
    return out;
}

TEST(RoundRobin, TakesServersInTurnIgnoringWeights) {
    RoundRobin rr;
    const auto backends = backends_with_weights({1, 10, 3});
    rr.update(backends);
    EXPECT_EQ(sequence(rr, backends, 7), (std::vector<std::size_t>{0, 1, 2, 0, 1, 2, 0}));
}

TEST(RoundRobin, SpreadsAMillionPicksExactlyEvenly) {
    RoundRobin rr;
    const auto backends = backends_with_weights({1, 5, 2, 9});
    rr.update(backends);
    const auto counts = test::count_picks(rr, backends, 1'000'000);
    EXPECT_EQ(counts, (std::vector<uint64_t>{250'000, 250'000, 250'000, 250'000, 0}));
}

TEST(RoundRobin, SkipsWeightZeroAndOverloadedServers) {
    RoundRobin rr;
    auto backends = backends_with_weights({1, 0, 1, 1});
    rr.update(backends);
    backends[2].overloaded = true;
    EXPECT_EQ(sequence(rr, backends, 4), (std::vector<std::size_t>{0, 3, 0, 3}));
}

TEST(RoundRobin, KeepsItsPlaceWhenTheSetChanges) {
    RoundRobin rr;
    auto backends = backends_with_weights({1, 1, 1});
    rr.update(backends);
    EXPECT_EQ(sequence(rr, backends, 2), (std::vector<std::size_t>{0, 1}));
    // A new server ahead of the last one picked: the turn goes on after that one.
    backends.insert(backends.begin(), Backend{"10.0.0.9:80", 1, 0, 0, false});
    rr.update(backends);
    EXPECT_EQ(sequence(rr, backends, 3), (std::vector<std::size_t>{3, 0, 1}));
}

TEST(RoundRobin, StartsOverWhenTheLastPickedLeaves) {
    RoundRobin rr;
    auto backends = backends_with_weights({1, 1, 1});
    rr.update(backends);
    EXPECT_EQ(sequence(rr, backends, 2), (std::vector<std::size_t>{0, 1}));
    backends.erase(backends.begin() + 1);
    rr.update(backends);
    EXPECT_EQ(sequence(rr, backends, 3), (std::vector<std::size_t>{0, 1, 0}));
}

}  // namespace
}  // namespace routerd::ipvs
