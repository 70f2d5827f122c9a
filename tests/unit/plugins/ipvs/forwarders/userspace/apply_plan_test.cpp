#include <gtest/gtest.h>

#include "routerd/ipvs/userspace/apply_plan.h"

namespace routerd::ipvs::userspace {
namespace {

ServiceSpec service(uint16_t port, std::string scheduler = "rr", std::string flags = "") {
    ServiceSpec s;
    s.key = "tcp:192.0.2.1:" + std::to_string(port);
    s.address = boost::asio::ip::make_address("192.0.2.1");
    s.port = port;
    s.scheduler = std::move(scheduler);
    s.flags = std::move(flags);
    return s;
}

std::map<std::string, ServiceSpec> running(const std::vector<ServiceSpec>& specs) {
    std::map<std::string, ServiceSpec> out;
    for (const auto& s : specs) {
        out.emplace(s.endpoint(), s);
    }
    return out;
}

TEST(ApplyPlan, FromNothingEverythingIsAdded) {
    const ApplyPlan plan = plan_apply({}, {{service(80), service(443)}});
    EXPECT_EQ(plan.added, (std::vector<std::size_t>{0, 1}));
    EXPECT_TRUE(plan.kept.empty());
    EXPECT_TRUE(plan.removed.empty());
}

TEST(ApplyPlan, ToNothingEverythingIsRemoved) {
    const ApplyPlan plan = plan_apply(running({service(80), service(443)}), {});
    EXPECT_EQ(plan.removed, (std::vector<std::string>{"tcp:192.0.2.1:443", "tcp:192.0.2.1:80"}));
}

TEST(ApplyPlan, AWeightChangeKeepsTheServiceAndItsScheduler) {
    ServiceSpec before = service(80);
    before.destinations.push_back({boost::asio::ip::make_address("192.0.2.9"), 80, 1, 0, 0});
    ServiceSpec after = before;
    after.destinations[0].weight = 0;
    const ApplyPlan plan = plan_apply(running({before}), {{after}});
    ASSERT_EQ(plan.kept.size(), 1u);
    EXPECT_EQ(plan.kept[0].index, 0u);
    EXPECT_FALSE(plan.kept[0].new_scheduler);
    EXPECT_TRUE(plan.added.empty());
    EXPECT_TRUE(plan.removed.empty());
}

TEST(ApplyPlan, ASchedulerOrFlagChangeNeedsANewInstance) {
    const ApplyPlan plan =
        plan_apply(running({service(80), service(81, "sh"), service(82)}),
                   {{service(80, "wrr"), service(81, "sh", "sh-port"), service(82)}});
    ASSERT_EQ(plan.kept.size(), 3u);
    EXPECT_TRUE(plan.kept[0].new_scheduler);
    EXPECT_TRUE(plan.kept[1].new_scheduler);
    EXPECT_FALSE(plan.kept[2].new_scheduler);
}

TEST(ApplyPlan, AnotherPortOrProtocolIsAnotherListener) {
    ServiceSpec udp = service(80);
    udp.protocol = Protocol::udp;
    const ApplyPlan plan = plan_apply(running({service(80)}), {{udp, service(8080)}});
    EXPECT_EQ(plan.added, (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(plan.removed, (std::vector<std::string>{"tcp:192.0.2.1:80"}));
}

}  // namespace
}  // namespace routerd::ipvs::userspace
