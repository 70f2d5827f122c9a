// The shared pieces: hashing, load comparison, and the rules every scheduler obeys.
#include <gtest/gtest.h>

#include <numeric>
#include <random>

#include "routerd/ipvs/sched/hash.h"
#include "routerd/ipvs/sched/registry.h"
#include "routerd/ipvs/sched/select.h"
#include "routerd/ipvs/sched/weights.h"
#include "support.h"

namespace routerd::ipvs {
namespace {

using test::backends_with_weights;
using test::flow_from;

TEST(Hash, SipHashMatchesTheReferenceVectors) {
    // From the SipHash paper's reference implementation (vectors.h): key 00..0f.
    const SipKey key{0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull};
    std::vector<uint8_t> message(15);
    std::iota(message.begin(), message.end(), uint8_t{0});
    EXPECT_EQ(siphash24({}, key), 0x726fdb47dd0e0e31ull);
    EXPECT_EQ(siphash24(std::span(message).first(8), key), 0x93f5f5799a932462ull);
    EXPECT_EQ(siphash24(message, key), 0xa129ca6149be45e5ull);
}

TEST(Hash, FoldsIpv4AsIsAndIpv6ByXor) {
    EXPECT_EQ(fold_address(Family::ipv4, test::ipv4(0xc0a80101)), 0xc0a80101u);
    std::array<uint8_t, 16> v6{};
    v6[3] = 0x01;   // word 0 = 1
    v6[7] = 0x02;   // word 1 = 2
    v6[11] = 0x04;  // word 2 = 4
    v6[12] = 0x80;  // word 3 = 0x80000000
    EXPECT_EQ(fold_address(Family::ipv6, v6), 0x80000007u);
}

TEST(Hash, UsesThePortOnlyWhenAskedAndThePacketHasOne) {
    Flow f = flow_from(1, 1234);
    EXPECT_EQ(hashed_source_port(f, false), 0);
    EXPECT_EQ(hashed_source_port(f, true), 1234);
    f.protocol = test::kIcmp;
    EXPECT_EQ(hashed_source_port(f, true), 0);
}

TEST(Load, ComparesRatiosExactlyByCrossMultiplication) {
    EXPECT_TRUE(lighter({1, 3}, {1, 2}));
    EXPECT_FALSE(lighter({2, 4}, {1, 2}));  // equal is not lighter
    EXPECT_FALSE(lighter({1, 2}, {2, 4}));
    // Beyond 64-bit products: (2^40 - 1) / 2^32 against 2^40 / 2^32.
    const uint64_t big = uint64_t{1} << 40;
    EXPECT_TRUE(lighter({big - 1, uint64_t{1} << 32}, {big, uint64_t{1} << 32}));
    EXPECT_EQ(connection_overhead({"a", 1, 2, 3, false}), 2u * 256 + 3);
}

TEST(Weights, GcdIgnoresZeroWeights) {
    EXPECT_EQ(positive_weight_gcd(std::vector<uint32_t>{0, 12, 0, 18}), 6u);
    EXPECT_EQ(positive_weight_gcd(std::vector<uint32_t>{0, 0}), 0u);
    EXPECT_EQ(max_weight(std::vector<uint32_t>{3, 9, 0}), 9u);
}

TEST(Registry, BuildsEveryNamedSchedulerAndNothingElse) {
    EXPECT_EQ(scheduler_names().size(), 12u);
    for (const std::string_view name : scheduler_names()) {
        EXPECT_NE(make_scheduler(name), nullptr) << name;
    }
    EXPECT_EQ(make_scheduler("lblc"), nullptr);
}

// The rules every scheduler obeys, whatever its algorithm.
class EveryScheduler : public testing::TestWithParam<std::string_view> {
  protected:
    std::unique_ptr<Scheduler> make() {
        SchedulerOptions options;
        options.flags.fallback = true;  // lets sh and mh reach the one server left
        options.maglev_table_size = 251;
        options.random = [engine = std::mt19937_64{42}]() mutable { return engine(); };
        return make_scheduler(GetParam(), options);
    }
};

TEST_P(EveryScheduler, EmptySetGivesNothing) {
    auto s = make();
    s->update({});
    EXPECT_EQ(s->pick({}, flow_from(1)), std::nullopt);
}

TEST_P(EveryScheduler, AllWeightZeroGivesNothing) {
    auto s = make();
    const auto backends = backends_with_weights({0, 0, 0});
    s->update(backends);
    for (uint32_t i = 0; i < 100; ++i) {
        EXPECT_EQ(s->pick(backends, flow_from(i)), std::nullopt);
    }
}

TEST_P(EveryScheduler, AllOverloadedGivesNothing) {
    auto s = make();
    auto backends = backends_with_weights({1, 2, 3});
    s->update(backends);
    for (Backend& b : backends) {
        b.overloaded = true;
    }
    for (uint32_t i = 0; i < 100; ++i) {
        EXPECT_EQ(s->pick(backends, flow_from(i)), std::nullopt);
    }
}

TEST_P(EveryScheduler, NeverPicksAWeightZeroOrOverloadedServer) {
    auto s = make();
    auto backends = backends_with_weights({5, 0, 1, 7});
    s->update(backends);
    backends[3].overloaded = true;  // as the forwarder flags it, without an update()
    for (uint32_t i = 0; i < 2000; ++i) {
        const auto picked = s->pick(backends, flow_from(i * 7919));
        if (GetParam() == "dh") {
            // dh has no fallback: flows to an unavailable server get nothing.
            EXPECT_TRUE(!picked || *picked == 0 || *picked == 2);
        } else {
            ASSERT_TRUE(picked) << i;
            EXPECT_TRUE(*picked == 0 || *picked == 2) << *picked;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Ipvs, EveryScheduler, testing::ValuesIn(scheduler_names()),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace routerd::ipvs
