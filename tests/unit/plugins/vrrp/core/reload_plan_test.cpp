#include "reload_plan.hpp"

#include <gtest/gtest.h>

namespace routerd::vrrp {
namespace {

using Kind = ReloadPlan::Start::Kind;

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

InstanceConfig instance(const std::string& name, std::uint8_t vrid = 51) {
    InstanceConfig c;
    c.name = name;
    c.interface = "eth0";
    c.params.vrid = vrid;
    c.params.addresses = {ip("172.16.0.100")};
    c.addresses = {*VirtualAddress::parse("172.16.0.100/32"),
                   *VirtualAddress::parse("172.16.0.101/32")};
    c.routes = {*VirtualRoute::parse("10.0.0.0/8 via 172.16.0.1")};
    c.rules = {*VirtualRule::parse("from 172.16.0.100/32 table 300 priority 2000")};
    return c;
}

std::map<std::string, InstanceConfig> configs(std::initializer_list<InstanceConfig> list) {
    std::map<std::string, InstanceConfig> out;
    for (const InstanceConfig& c : list)
        out.emplace(c.name, c);
    return out;
}

TEST(ReloadPlan, SameConfigurationKeepsEveryInstance) {
    const auto running = configs({instance("VI_1"), instance("VI_2", 52)});
    const ReloadPlan plan = reload_plan(running, running, {"VI_1"});
    EXPECT_EQ(plan.keep, (std::vector<std::string>{"VI_1", "VI_2"}));
    EXPECT_TRUE(plan.remove.empty());
    EXPECT_TRUE(plan.start.empty());
}

TEST(ReloadPlan, RemovesWhatIsNoLongerConfiguredAndAddsWhatIsNew) {
    const auto running = configs({instance("VI_1"), instance("VI_2", 52)});
    const auto wanted = configs({instance("VI_2", 52), instance("VI_3", 53)});
    const ReloadPlan plan = reload_plan(running, wanted, {"VI_1"});
    EXPECT_EQ(plan.remove, (std::vector<std::string>{"VI_1"}));
    EXPECT_EQ(plan.keep, (std::vector<std::string>{"VI_2"}));
    ASSERT_EQ(plan.start.size(), 1u);
    EXPECT_EQ(plan.start[0], (ReloadPlan::Start{"VI_3", Kind::add, {}, {}, {}}));
}

TEST(ReloadPlan, AChangedBackupRestarts) {
    InstanceConfig changed = instance("VI_1");
    changed.machine.priority = 150;
    const ReloadPlan plan =
        reload_plan(configs({instance("VI_1")}), configs({changed}), /*masters=*/{});
    ASSERT_EQ(plan.start.size(), 1u);
    EXPECT_EQ(plan.start[0], (ReloadPlan::Start{"VI_1", Kind::restart, {}, {}, {}}));
    EXPECT_TRUE(plan.keep.empty());
    EXPECT_TRUE(plan.remove.empty());
}

TEST(ReloadPlan, AChangedMasterHandsOverAndWithdrawsOnlyWhatWasDropped) {
    InstanceConfig changed = instance("VI_1");
    changed.addresses.erase(changed.addresses.begin() + 1);  // drops 172.16.0.101
    changed.addresses.push_back(*VirtualAddress::parse("172.16.0.102/32"));
    changed.routes = {*VirtualRoute::parse("192.168.0.0/16 via 172.16.0.1")};
    changed.rules = {*VirtualRule::parse("from 172.16.0.102/32 table 300")};
    const ReloadPlan plan = reload_plan(configs({instance("VI_1")}), configs({changed}), {"VI_1"});
    ASSERT_EQ(plan.start.size(), 1u);
    const ReloadPlan::Start& step = plan.start[0];
    EXPECT_EQ(step.kind, Kind::hand_over);
    EXPECT_EQ(step.withdrawn_addresses,
              (std::vector<VirtualAddress>{*VirtualAddress::parse("172.16.0.101/32")}));
    EXPECT_EQ(step.withdrawn_routes,
              (std::vector<VirtualRoute>{*VirtualRoute::parse("10.0.0.0/8 via 172.16.0.1")}));
    EXPECT_EQ(step.withdrawn_rules, instance("VI_1").rules);
}

TEST(ReloadPlan, AMasterThatChangesItsVridOrInterfaceRestarts) {
    InstanceConfig other_vrid = instance("VI_1", 99);
    InstanceConfig other_interface = instance("VI_2", 52);
    other_interface.interface = "eth1";
    const ReloadPlan plan = reload_plan(configs({instance("VI_1"), instance("VI_2", 52)}),
                                        configs({other_vrid, other_interface}), {"VI_1", "VI_2"});
    ASSERT_EQ(plan.start.size(), 2u);
    EXPECT_EQ(plan.start[0], (ReloadPlan::Start{"VI_1", Kind::restart, {}, {}, {}}));
    EXPECT_EQ(plan.start[1], (ReloadPlan::Start{"VI_2", Kind::restart, {}, {}, {}}));
}

// Its addresses would move to another interface: the old VMAC goes, a new one comes.
TEST(ReloadPlan, AMasterThatTakesOrChangesAVmacRestarts) {
    InstanceConfig with_vmac = instance("VI_1");
    with_vmac.vmac = Vmac{"vrrp.51", virtual_router_mac(Family::ipv4, 51), false, std::nullopt};
    InstanceConfig renamed = with_vmac;
    renamed.vmac->name = "vip51";
    const ReloadPlan taken =
        reload_plan(configs({instance("VI_1")}), configs({with_vmac}), {"VI_1"});
    ASSERT_EQ(taken.start.size(), 1u);
    EXPECT_EQ(taken.start[0].kind, Kind::restart);
    const ReloadPlan changed = reload_plan(configs({with_vmac}), configs({renamed}), {"VI_1"});
    ASSERT_EQ(changed.start.size(), 1u);
    EXPECT_EQ(changed.start[0].kind, Kind::restart);
    InstanceConfig more = with_vmac;
    more.machine.priority = 150;
    const ReloadPlan kept = reload_plan(configs({with_vmac}), configs({more}), {"VI_1"});
    ASSERT_EQ(kept.start.size(), 1u);
    EXPECT_EQ(kept.start[0].kind, Kind::hand_over);
}

// use_vmac_addr: the old instance's address VMACs stay through a hand-over only when the new
// one has the same.
TEST(ReloadPlan, AMasterWhoseAddressVmacsChangeRestarts) {
    InstanceConfig with = instance("VI_1");
    with.address_vmacs = {{"vrrp.51", "eth1", Family::ipv4, virtual_router_mac(Family::ipv4, 51)}};
    const ReloadPlan taken = reload_plan(configs({instance("VI_1")}), configs({with}), {"VI_1"});
    ASSERT_EQ(taken.start.size(), 1u);
    EXPECT_EQ(taken.start[0].kind, Kind::restart);
    InstanceConfig more = with;
    more.machine.priority = 150;
    const ReloadPlan kept = reload_plan(configs({with}), configs({more}), {"VI_1"});
    ASSERT_EQ(kept.start.size(), 1u);
    EXPECT_EQ(kept.start[0].kind, Kind::hand_over);
}

TEST(ReloadPlan, StartsComeInNameOrder) {
    InstanceConfig changed_b = instance("b", 52);
    changed_b.machine.priority = 200;
    const ReloadPlan plan =
        reload_plan(configs({instance("b", 52)}),
                    configs({instance("c", 53), changed_b, instance("a", 51)}), {});
    ASSERT_EQ(plan.start.size(), 3u);
    EXPECT_EQ(plan.start[0].name, "a");
    EXPECT_EQ(plan.start[0].kind, Kind::add);
    EXPECT_EQ(plan.start[1].name, "b");
    EXPECT_EQ(plan.start[1].kind, Kind::restart);
    EXPECT_EQ(plan.start[2].name, "c");
    EXPECT_EQ(plan.start[2].kind, Kind::add);
}

TEST(ReloadPlan, AnUnchangedMasterIsKeptNotHandedOver) {
    const auto running = configs({instance("VI_1")});
    const ReloadPlan plan = reload_plan(running, running, {"VI_1"});
    EXPECT_EQ(plan.keep, (std::vector<std::string>{"VI_1"}));
    EXPECT_TRUE(plan.start.empty());
}

}  // namespace
}  // namespace routerd::vrrp
