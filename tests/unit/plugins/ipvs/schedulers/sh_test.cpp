#include <gtest/gtest.h>

#include "routerd/ipvs/sched/sh.h"
#include "support.h"

namespace routerd::ipvs {
namespace {

using test::backends_with_weights;
using test::flow_from;

std::vector<uint32_t> buckets_per_backend(const LookupTable& table, std::size_t n) {
    std::vector<uint32_t> counts(n, 0);
    for (std::size_t i = 0; i < table.size(); ++i) {
        ++counts.at(table[i]);
    }
    return counts;
}

TEST(SourceHashing, EachServerTakesWeightConsecutiveBuckets) {
    SourceHashing sh;
    sh.update(backends_with_weights({2, 1, 3}));
    EXPECT_EQ(sh.table()[0], 0u);
    EXPECT_EQ(sh.table()[1], 0u);
    EXPECT_EQ(sh.table()[2], 1u);
    EXPECT_EQ(sh.table()[5], 2u);
    EXPECT_EQ(sh.table()[6], 0u);
    // 42 cycles of 6 buckets, then A A B C.
    EXPECT_EQ(buckets_per_backend(sh.table(), 3), (std::vector<uint32_t>{86, 43, 127}));
}

TEST(SourceHashing, AMillionSourcesSpreadByBucketShare) {
    SourceHashing sh;
    const auto backends = backends_with_weights({2, 1, 3});
    sh.update(backends);
    const auto counts = test::count_picks(sh, backends, 1'000'000);
    // The golden-ratio multiplier is odd, so consecutive addresses fill the 256 buckets
    // evenly: 3,906 or 3,907 flows each.
    const std::vector<uint32_t> buckets{86, 43, 127};
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_GE(counts[i], buckets[i] * 3906u) << i;
        EXPECT_LE(counts[i], buckets[i] * 3907u) << i;
    }
    EXPECT_EQ(counts[3], 0u);
}

TEST(SourceHashing, TheSameSourceAlwaysGetsTheSameServer) {
    SourceHashing a;
    SourceHashing b;
    const auto backends = backends_with_weights({1, 1, 1, 1, 1});
    a.update(backends);
    b.update(backends);
    for (uint32_t addr = 0; addr < 1000; ++addr) {
        const auto first = a.pick(backends, flow_from(addr * 104729, 1000));
        EXPECT_EQ(a.pick(backends, flow_from(addr * 104729, 1000)), first);
        EXPECT_EQ(b.pick(backends, flow_from(addr * 104729, 1000)), first);  // any instance
        EXPECT_EQ(a.pick(backends, flow_from(addr * 104729, 2000)), first);  // any port
    }
}

TEST(SourceHashing, ShPortSpreadsOneSourceOverServers) {
    SourceHashing sh(SchedulerFlags{.port = true});
    const auto backends = backends_with_weights({1, 1, 1, 1});
    sh.update(backends);
    std::vector<int> seen(4, 0);
    for (uint16_t port = 1024; port < 1024 + 256; ++port) {
        ++seen[sh.pick(backends, flow_from(0x0a000001, port)).value()];
    }
    EXPECT_EQ(seen, (std::vector<int>{64, 64, 64, 64}));
    // Without ports in the packet (ICMP), the port is not hashed.
    Flow icmp = flow_from(0x0a000001, 1);
    icmp.protocol = test::kIcmp;
    const auto expected = sh.pick(backends, icmp);
    icmp.source_port = 2;
    EXPECT_EQ(sh.pick(backends, icmp), expected);
}

TEST(SourceHashing, WithoutFallbackAnUnavailableServersSourcesGetNothing) {
    SourceHashing sh;
    auto backends = backends_with_weights({1, 1});
    sh.update(backends);
    backends[1].overloaded = true;
    const auto counts = test::count_picks(sh, backends, 256);
    EXPECT_EQ(counts, (std::vector<uint64_t>{128, 0, 128}));
}

TEST(SourceHashing, ShFallbackMovesOnlyTheUnavailableServersSources) {
    SourceHashing plain;
    SourceHashing fallback(SchedulerFlags{.fallback = true});
    auto backends = backends_with_weights({1, 1, 1});
    plain.update(backends);
    fallback.update(backends);
    std::vector<std::optional<std::size_t>> before;
    for (uint32_t addr = 0; addr < 1000; ++addr) {
        before.push_back(fallback.pick(backends, flow_from(addr)));
    }
    backends[1].weight = 0;  // drained, without update(): the table keeps its buckets
    for (uint32_t addr = 0; addr < 1000; ++addr) {
        const auto now = fallback.pick(backends, flow_from(addr));
        ASSERT_TRUE(now);
        if (before[addr] != 1u) {
            EXPECT_EQ(now, before[addr]);
        } else {
            EXPECT_NE(now, 1u);
            EXPECT_EQ(fallback.pick(backends, flow_from(addr)), now);  // deterministic
            EXPECT_EQ(plain.pick(backends, flow_from(addr)), std::nullopt);
        }
    }
}

TEST(SourceHashing, HashesIpv6SourcesByTheirFoldedAddress) {
    SourceHashing sh;
    const auto backends = backends_with_weights({1, 1, 1});
    sh.update(backends);
    Flow v6 = flow_from(0);
    v6.family = Family::ipv6;
    v6.source_address = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05};
    // 2001:db8::5 folds to 0x20010db8 ^ 5, the same as that IPv4 address.
    EXPECT_EQ(sh.pick(backends, v6), sh.pick(backends, flow_from(0x20010db8 ^ 5)));
}

TEST(SourceHashing, RebuildsTheTableAfterUpdate) {
    SourceHashing sh;
    auto backends = backends_with_weights({1, 1, 1, 1});
    sh.update(backends);
    backends.pop_back();
    sh.update(backends);
    EXPECT_EQ(buckets_per_backend(sh.table(), 3), (std::vector<uint32_t>{86, 85, 85}));
    sh.update({});
    EXPECT_EQ(sh.table()[0], LookupTable::kEmpty);
    EXPECT_EQ(sh.pick(backends, flow_from(1)), std::nullopt);
}

}  // namespace
}  // namespace routerd::ipvs
