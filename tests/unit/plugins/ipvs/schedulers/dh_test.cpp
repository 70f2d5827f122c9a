#include <gtest/gtest.h>

#include "routerd/ipvs/sched/dh.h"
#include "support.h"

namespace routerd::ipvs {
namespace {

using test::backends_with_weights;
using test::flow_to;

TEST(DestinationHashing, DealsOneBucketPerServerIgnoringWeights) {
    DestinationHashing dh;
    dh.update(backends_with_weights({5, 1, 1}));
    std::vector<uint32_t> counts(3, 0);
    for (std::size_t i = 0; i < dh.table().size(); ++i) {
        EXPECT_EQ(dh.table()[i], i % 3);
        ++counts[dh.table()[i]];
    }
    EXPECT_EQ(counts, (std::vector<uint32_t>{86, 85, 85}));
}

TEST(DestinationHashing, TheDestinationAloneChoosesTheServer) {
    DestinationHashing dh;
    const auto backends = backends_with_weights({1, 1, 1, 1});
    dh.update(backends);
    for (uint32_t dest = 0; dest < 1000; ++dest) {
        Flow flow = flow_to(dest * 7919);
        const auto first = dh.pick(backends, flow);
        ASSERT_TRUE(first);
        flow.source_address = test::ipv4(0x0a0a0a0a);
        flow.source_port = 1;
        EXPECT_EQ(dh.pick(backends, flow), first);
    }
}

TEST(DestinationHashing, AMillionDestinationsSpreadEvenly) {
    DestinationHashing dh;
    const auto backends = backends_with_weights({1, 2, 3, 4});
    dh.update(backends);
    std::vector<uint64_t> counts(4, 0);
    for (uint32_t dest = 0; dest < 1'000'000; ++dest) {
        ++counts[dh.pick(backends, flow_to(0x0a000000 + dest)).value()];
    }
    for (uint64_t c : counts) {  // 64 buckets each, 3,906 or 3,907 flows per bucket
        EXPECT_GE(c, 64u * 3906);
        EXPECT_LE(c, 64u * 3907);
    }
}

TEST(DestinationHashing, AnUnavailableServersDestinationsGetNothing) {
    DestinationHashing dh;
    auto backends = backends_with_weights({1, 0, 1});
    dh.update(backends);
    backends[2].overloaded = true;
    std::vector<uint64_t> counts(4, 0);
    for (uint32_t dest = 0; dest < 256; ++dest) {
        const auto picked = dh.pick(backends, flow_to(dest));
        ++counts[picked ? *picked : 3];
    }
    EXPECT_EQ(counts, (std::vector<uint64_t>{86, 0, 0, 170}));
}

}  // namespace
}  // namespace routerd::ipvs
