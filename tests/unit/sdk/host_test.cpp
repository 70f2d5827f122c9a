// The Host's typed calls for the host services that a plugin once reached through the raw C
// table: [global], attached checks, check state, error reports, the provider lookup.
#include <routerd/sdk/host.hpp>

#include <gtest/gtest.h>

#include <routerd/plugin.hpp>

#include "fake_host.hpp"

namespace routerd::sdk {
namespace {

class HostTest : public ::testing::Test {
  protected:
    test::FakeHost fake;
    const routerd_host_api_t api = fake.api();
    const Host host{fake.c_host(), &api};
};

TEST_F(HostTest, GlobalConfigReadsTheRouterId) {
    fake.global.children["router_id"] = test::FakeNode{ROUTERD_CONFIG_STRING, "lb1", {}};
    EXPECT_EQ(host.global_config().router_id, "lb1");
}

TEST_F(HostTest, GlobalConfigWithoutRouterIdHasNone) {
    EXPECT_EQ(host.global_config().router_id, std::nullopt);
    fake.global.children["router_id"] = test::FakeNode{ROUTERD_CONFIG_INTEGER, "", {}};
    EXPECT_EQ(host.global_config().router_id, std::nullopt);  // the host reported the type
}

TEST_F(HostTest, AttachCheckPassesTheTableAndTargetAndCopiesTheId) {
    const test::FakeNode check{ROUTERD_CONFIG_TABLE, "", {}};
    const Config table = host.config(reinterpret_cast<const routerd_config_node_t*>(&check));
    const std::optional<std::string> id = host.attach_check(table, "192.0.2.1:80");
    EXPECT_EQ(id, "tcp@192.0.2.1:80/0badc0de");
    EXPECT_EQ(fake.attached_check, table.raw());
    EXPECT_EQ(fake.attached_target, "192.0.2.1:80");
}

TEST_F(HostTest, AttachCheckRefusedHasNoId) {
    fake.attach_status = ROUTERD_ERR_INVALID;
    const test::FakeNode check{ROUTERD_CONFIG_TABLE, "", {}};
    EXPECT_EQ(host.attach_check(host.config(reinterpret_cast<const routerd_config_node_t*>(&check)),
                                "x:1"),
              std::nullopt);
}

TEST_F(HostTest, CheckStateMapsTheHostsAnswer) {
    fake.state = 1;
    EXPECT_EQ(host.check_state("a"), CheckState::up);
    EXPECT_EQ(fake.state_asked_for, "a");
    fake.state = 0;
    EXPECT_EQ(host.check_state("a"), CheckState::down);
    fake.state = -1;
    EXPECT_EQ(host.check_state("a"), CheckState::unknown);
}

TEST_F(HostTest, SetErrorReachesTheHost) {
    host.set_error("scheduler 'sh': invalid options");
    EXPECT_EQ(fake.error, "scheduler 'sh': invalid options");
}

TEST_F(HostTest, FindAsksForTheKindAndNameAndSaysWhenNoneIsLoaded) {
    EXPECT_FALSE(host.find<Forwarder>("userspace").has_value());
    EXPECT_EQ(fake.found_name, "userspace");
    routerd_forwarder_api_t forwarder{};
    fake.plugins[{ROUTERD_KIND_FORWARDER, "userspace"}] = {&forwarder, nullptr};
    EXPECT_TRUE(host.find<Forwarder>("userspace").has_value());
    EXPECT_FALSE(host.find<Scheduler>("userspace").has_value());  // not of that kind
}

}  // namespace
}  // namespace routerd::sdk
