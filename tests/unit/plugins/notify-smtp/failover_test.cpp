// What the results of each relay add up to for one attempt.
#include "failover.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace routerd::smtp {
namespace {

Result combined(std::vector<Result> results) {
    return combine_results(results);
}

constexpr Result kOk = Result::kDelivered;
constexpr Result kLater = Result::kTransientFailure;
constexpr Result kNever = Result::kPermanentFailure;

TEST(Failover, AnyDeliveryWins) {
    EXPECT_EQ(combined({kOk}), kOk);
    EXPECT_EQ(combined({kLater, kOk}), kOk);
    EXPECT_EQ(combined({kNever, kLater, kOk}), kOk);
}

TEST(Failover, RetriedWhileSomeRelayMightTakeIt) {
    EXPECT_EQ(combined({kLater}), kLater);
    EXPECT_EQ(combined({kNever, kLater}), kLater);
    EXPECT_EQ(combined({kLater, kNever}), kLater);
}

TEST(Failover, PermanentOnlyWhenEveryRelayRefused) {
    EXPECT_EQ(combined({kNever}), kNever);
    EXPECT_EQ(combined({kNever, kNever}), kNever);
    EXPECT_EQ(combined({}), kNever);
}

}  // namespace
}  // namespace routerd::smtp
