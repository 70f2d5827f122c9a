// How the forwarder spends the host's descriptor budget, and the bound on one client's flows.
#include "routerd/ipvs/userspace/descriptor_plan.h"

#include <gtest/gtest.h>

#include "routerd/ipvs/userspace/flows_per_source.h"

namespace routerd::ipvs::userspace {
namespace {

TEST(DescriptorPlan, PooledPipesTakeAtMostAQuarterOfTheBudget) {
    // 200 descriptors for pipes: 100 per thread, 50 pipes.
    const DescriptorPlan plan = plan_descriptors(800, 2);
    EXPECT_EQ(plan.pooled_pipes_per_thread, 50u);
    EXPECT_EQ(plan.for_connections, 600u);
}

TEST(DescriptorPlan, PooledPipesAreCappedPerThread) {
    const DescriptorPlan plan = plan_descriptors(524288 - 256, 4);
    EXPECT_EQ(plan.pooled_pipes_per_thread, kMaxPooledPipes);
    EXPECT_EQ(plan.for_connections, 524288u - 256u - 2u * kMaxPooledPipes * 4u);
}

TEST(DescriptorPlan, NoBudgetMeansNoPipesAndNoConnections) {
    const DescriptorPlan plan = plan_descriptors(0, 8);
    EXPECT_EQ(plan.pooled_pipes_per_thread, 0u);
    EXPECT_EQ(plan.for_connections, 0u);
}

TEST(DescriptorPlan, FitsNeverOverflows) {
    EXPECT_TRUE(fits(94, 6, 100));
    EXPECT_FALSE(fits(95, 6, 100));
    EXPECT_FALSE(fits(120, 1, 100));  // listeners held past the budget
    EXPECT_TRUE(fits(5, 6, UINT64_MAX));
}

TEST(FlowsPerSource, BoundsEachAddressOnItsOwn) {
    FlowsPerSource flows;
    const auto a = boost::asio::ip::make_address("192.0.2.1");
    const auto b = boost::asio::ip::make_address("2001:db8::1");
    EXPECT_TRUE(flows.try_open(a, 2));
    EXPECT_TRUE(flows.try_open(a, 2));
    EXPECT_FALSE(flows.try_open(a, 2));
    EXPECT_TRUE(flows.try_open(b, 2));
    EXPECT_EQ(flows.open(a), 2u);
    flows.close(a);
    EXPECT_TRUE(flows.try_open(a, 2));
}

TEST(FlowsPerSource, ForgetsAddressesWithNothingOpen) {
    FlowsPerSource flows;
    const auto a = boost::asio::ip::make_address("192.0.2.1");
    EXPECT_TRUE(flows.try_open(a, 1));
    flows.close(a);
    EXPECT_FALSE(flows.try_open(boost::asio::ip::make_address("192.0.2.2"), 0));
    EXPECT_EQ(flows.sources(), 0u);  // a spoofed flood leaves no entry per address behind
}

}  // namespace
}  // namespace routerd::ipvs::userspace
