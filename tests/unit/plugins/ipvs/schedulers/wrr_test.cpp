#include <gtest/gtest.h>

#include "routerd/ipvs/sched/wrr.h"
#include "support.h"

namespace routerd::ipvs {
namespace {

using test::backends_with_weights;
using test::flow_from;

std::string sequence(Scheduler& s, const std::vector<Backend>& backends, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
        const auto picked = s.pick(backends, flow_from(1));
        out += picked ? static_cast<char>('A' + *picked) : '-';
    }
    return out;
}

TEST(WeightedRoundRobin, InterleavesByDescendingCurrentWeight) {
    WeightedRoundRobin wrr;
    const auto backends = backends_with_weights({4, 3, 2});
    wrr.update(backends);
    // cw = 4: A | cw = 3: A B | cw = 2: A B C | cw = 1: A B C | and again.
    EXPECT_EQ(sequence(wrr, backends, 18), "AABABCABCAABABCABC");
}

TEST(WeightedRoundRobin, StepsByTheGcdOfTheWeights) {
    WeightedRoundRobin wrr;
    const auto backends = backends_with_weights({400, 200, 0});
    wrr.update(backends);
    // gcd 200: a cycle is 3 picks, not 600.
    EXPECT_EQ(sequence(wrr, backends, 6), "AABAAB");
}

TEST(WeightedRoundRobin, MillionPicksFollowTheWeightsExactly) {
    WeightedRoundRobin wrr;
    const auto backends = backends_with_weights({5, 3, 1, 0, 1});
    wrr.update(backends);
    const auto counts = test::count_picks(wrr, backends, 1'000'000);
    // 10 picks per cycle, 100,000 cycles.
    EXPECT_EQ(counts, (std::vector<uint64_t>{500'000, 300'000, 100'000, 0, 100'000, 0}));
}

TEST(WeightedRoundRobin, SkipsOverloadedServersWithoutLosingTheCycle) {
    WeightedRoundRobin wrr;
    auto backends = backends_with_weights({2, 1, 1});
    wrr.update(backends);
    backends[0].overloaded = true;
    EXPECT_EQ(sequence(wrr, backends, 4), "BCBC");
    backends[0].overloaded = false;
    EXPECT_EQ(sequence(wrr, backends, 4), "AABC");
}

TEST(WeightedRoundRobin, FindsTheOnlyLightServerBelowAHeavyOverloadedOne) {
    WeightedRoundRobin wrr;
    auto backends = backends_with_weights({1000, 1});
    wrr.update(backends);
    backends[0].overloaded = true;
    EXPECT_EQ(sequence(wrr, backends, 3), "BBB");
}

TEST(WeightedRoundRobin, RebuildsTheCycleAfterAWeightChange) {
    WeightedRoundRobin wrr;
    auto backends = backends_with_weights({1, 1});
    wrr.update(backends);
    EXPECT_EQ(sequence(wrr, backends, 4), "ABAB");
    backends[1].weight = 3;
    wrr.update(backends);
    const auto counts = test::count_picks(wrr, backends, 4000);
    EXPECT_EQ(counts, (std::vector<uint64_t>{1000, 3000, 0}));
}

TEST(WeightedRoundRobin, AllWeightsZeroAfterAnUpdateGivesNothing) {
    WeightedRoundRobin wrr;
    auto backends = backends_with_weights({3, 1});
    wrr.update(backends);
    EXPECT_EQ(sequence(wrr, backends, 2), "AA");
    backends[0].weight = 0;
    backends[1].weight = 0;
    wrr.update(backends);
    EXPECT_EQ(sequence(wrr, backends, 2), "--");
}

}  // namespace
}  // namespace routerd::ipvs
