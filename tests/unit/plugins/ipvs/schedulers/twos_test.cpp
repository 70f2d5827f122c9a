#include <gtest/gtest.h>

#include <deque>
#include <random>

#include "routerd/ipvs/sched/twos.h"
#include "support.h"

namespace routerd::ipvs {
namespace {

using test::backends_with_weights;
using test::flow_from;

// Replays the given numbers, in order.
RandomSource replay(std::deque<uint64_t> numbers) {
    return [numbers = std::move(numbers)]() mutable {
        const uint64_t n = numbers.front();
        numbers.pop_front();
        return n;
    };
}

TEST(PowerOfTwoChoices, KeepsTheLighterOfTheTwoDraws) {
    auto backends = backends_with_weights({1, 1});
    // Total weight 2: points 0 and 1 draw the first server, 2 the second.
    backends[0].active_connections = 1;
    PowerOfTwoChoices twos(replay({0, 2, 2, 1, 1, 0}));
    EXPECT_EQ(twos.pick(backends, flow_from(1)), 1u);  // A then B: B is lighter
    EXPECT_EQ(twos.pick(backends, flow_from(1)), 1u);  // B then A: B is lighter
    EXPECT_EQ(twos.pick(backends, flow_from(1)), 0u);  // A twice
}

TEST(PowerOfTwoChoices, ComparesLoadsPerWeightAndKeepsTheFirstOnATie) {
    auto backends = backends_with_weights({1, 2});
    // Total weight 3: point 0 or 1 draws A, 2 or 3 draws B.
    backends[0].active_connections = 1;  // 256 / 1
    backends[1].active_connections = 2;  // 512 / 2
    PowerOfTwoChoices twos(replay({0, 3, 3, 0}));
    EXPECT_EQ(twos.pick(backends, flow_from(1)), 0u);
    EXPECT_EQ(twos.pick(backends, flow_from(1)), 1u);
}

TEST(PowerOfTwoChoices, DrawsInProportionToWeightAsTheKernelDoes) {
    const auto backends = backends_with_weights({1, 2, 3});
    uint64_t counter = 0;
    PowerOfTwoChoices twos([&counter] { return counter++; });
    // Idle servers, so the first draw always stands. Points 0..6 cycle evenly; as in
    // ip_vs_twos.c they include both 0 and the total, so the first server owns points
    // 0 and 1, the second 2 and 3, the third 4, 5 and 6.
    const auto counts = test::count_picks(twos, backends, 1'000'000);
    EXPECT_EQ(counts, (std::vector<uint64_t>{285'715, 285'714, 428'571, 0}));
}

TEST(PowerOfTwoChoices, NeverDrawsUnavailableServers) {
    auto backends = backends_with_weights({2, 0, 2});
    backends[2].overloaded = true;
    PowerOfTwoChoices twos([engine = std::mt19937_64{7}]() mutable { return engine(); });
    const auto counts = test::count_picks(twos, backends, 10'000);
    EXPECT_EQ(counts, (std::vector<uint64_t>{10'000, 0, 0, 0}));
}

TEST(PowerOfTwoChoices, AMillionConnectionsFollowTheWeightsClosely) {
    auto backends = backends_with_weights({1, 2, 3, 4});
    PowerOfTwoChoices twos([engine = std::mt19937_64{1}]() mutable { return engine(); });
    const auto counts = test::count_with_connections(twos, backends, 1'000'000);
    for (std::size_t i = 0; i < 4; ++i) {
        const double expected = 1'000'000.0 * backends[i].weight / 10;
        EXPECT_NEAR(static_cast<double>(counts[i]), expected, 1'000) << i;
    }
}

}  // namespace
}  // namespace routerd::ipvs
