// The reserve of descriptors routerd keeps for its control plane, and what the data plane gets.
#include "host/descriptor_budget.hpp"

#include <gtest/gtest.h>

namespace routerd {
namespace {

TEST(DescriptorBudget, ReservesAFixedPartAndFourPerCheck) {
    const DescriptorBudget d = descriptor_budget(524288, 100);
    EXPECT_EQ(d.limit, 524288u);
    EXPECT_EQ(d.reserved, 256u + 4u * 100u);
    EXPECT_EQ(d.budget, 524288u - 656u);
}

TEST(DescriptorBudget, TheDataPlaneGetsNothingWhenTheReserveTakesAll) {
    EXPECT_EQ(descriptor_budget(1024, 0).budget, 768u);
    EXPECT_EQ(descriptor_budget(1024, 192).budget, 0u);
    EXPECT_EQ(descriptor_budget(1024, 500).budget, 0u);
    EXPECT_EQ(descriptor_budget(100, 0).budget, 0u);
}

TEST(DescriptorBudget, TheLimitIsTheSoftRlimit) {
    EXPECT_GT(descriptor_limit(), 0u);
}

}  // namespace
}  // namespace routerd
