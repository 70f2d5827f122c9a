// An instance's VMAC (config_vmac.cpp): use_vmac as true, a name or a table, vmac_xmit_base,
// [vrrp] vmac_prefix, and what is refused with file:line:col.
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using test::instance;
using test::parse;
using test::Parsed;

TEST(VrrpVmacConfig, NoneUnlessAskedFor) {
    const Parsed p = parse(instance(""));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceConfig& i = p.config->instances.at("VI_1");
    EXPECT_FALSE(i.vmac);
    EXPECT_EQ(i.address_interface(), "eth0");
    EXPECT_EQ(i.advert_interface(), "eth0");
}

TEST(VrrpVmacConfig, TrueGivesKeepalivedsNameAndTheVirtualRouterMac) {
    const Parsed p = parse(instance("use_vmac = true\n"));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceConfig& i = p.config->instances.at("VI_1");
    ASSERT_TRUE(i.vmac);
    EXPECT_EQ(*i.vmac,
              (Vmac{"vrrp.51", virtual_router_mac(Family::ipv4, 51), false, std::nullopt}));
    EXPECT_EQ(i.address_interface(), "vrrp.51");
    EXPECT_EQ(i.advert_interface(), "vrrp.51");
}

TEST(VrrpVmacConfig, AnIpv6InstanceGetsTheIpv6Mac) {
    const Parsed p = parse(instance("use_vmac = \"vip51\"\nversion = 3\n", "2001:db8::100"));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceConfig& i = p.config->instances.at("VI_1");
    ASSERT_TRUE(i.vmac);
    EXPECT_EQ(i.vmac->name, "vip51");
    EXPECT_EQ(mac_text(i.vmac->mac), "00:00:5e:00:02:33");
}

TEST(VrrpVmacConfig, PrefixNameMacAndXmitBase) {
    const Parsed prefixed = parse("[vrrp]\nvmac_prefix = \"vk\"\n" + instance("use_vmac = true\n"));
    ASSERT_TRUE(prefixed.config) << testing::PrintToString(prefixed.errors);
    EXPECT_EQ(prefixed.config->instances.at("VI_1").vmac->name, "vk.51");

    const Parsed table = parse(instance(
        "use_vmac = { name = \"vip\", mac = \"02:00:5e:00:01\" }\nvmac_xmit_base = true\n"));
    ASSERT_TRUE(table.config) << testing::PrintToString(table.errors);
    const InstanceConfig& i = table.config->instances.at("VI_1");
    EXPECT_EQ(*i.vmac,
              (Vmac{"vip", MacAddress{0x02, 0x00, 0x5e, 0x00, 0x01, 51}, true, std::nullopt}));
    EXPECT_EQ(i.address_interface(), "vip");
    EXPECT_EQ(i.advert_interface(), "eth0");
}

TEST(VrrpVmacConfig, FalseIsNone) {
    const Parsed p = parse(instance("use_vmac = false\nvmac_xmit_base = false\n"));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_FALSE(p.config->instances.at("VI_1").vmac);
}

void expect_refused(const std::string& text, const std::string& error) {
    const Parsed p = parse(text);
    EXPECT_FALSE(p.config);
    EXPECT_EQ(p.errors, std::vector<std::string>{error});
}

TEST(VrrpVmacConfig, WhatCannotWorkIsRefusedWithItsPlace) {
    expect_refused(instance("use_vmac = \"a-very-long-name0\"\n"),
                   "routerd.toml:5:12: vrrp.instance.VI_1.use_vmac: 'a-very-long-name0' is longer "
                   "than 15 characters (IFNAMSIZ)");
    expect_refused(instance("use_vmac = { mac = \"01:00:5e:00:00:12\" }\n"),
                   "routerd.toml:5:20: vrrp.instance.VI_1.use_vmac.mac: '01:00:5e:00:00:12' is "
                   "not a unicast MAC address (six octets, or five and the VRID)");
    expect_refused(instance("use_vmac = \"eth0\"\n"),
                   "routerd.toml:5:12: vrrp.instance.VI_1.use_vmac: 'eth0' is the instance's own "
                   "interface");
    expect_refused(instance("vmac_xmit_base = true\n"),
                   "routerd.toml:5:18: vrrp.instance.VI_1.vmac_xmit_base: needs use_vmac: the "
                   "adverts go out on the instance's interface anyway");
    expect_refused(instance("use_vmac = true\nunicast_peer = [\"172.16.0.2\"]\n"),
                   "routerd.toml:5:12: vrrp.instance.VI_1.use_vmac: with unicast_peer needs "
                   "vmac_xmit_base = true (keepalived.conf(5))");
    expect_refused(instance("use_vmac = 3\n"),
                   "routerd.toml:5:12: vrrp.instance.VI_1.use_vmac: is true, an interface name, or "
                   "{ name = \"...\", mac = \"...\" }");
    expect_refused("[vrrp]\nvmac_prefix = \"a-long-prefix\"\n",
                   "routerd.toml:2:15: vrrp.vmac_prefix: 'a-long-prefix.255' is longer than 15 "
                   "characters (IFNAMSIZ)");
}

TEST(VrrpVmacConfig, TwoInstancesCannotShareAVmac) {
    const Parsed p = parse(instance("use_vmac = \"vip\"\n") +
                           "[vrrp.instance.VI_2]\ninterface = \"eth1\"\nvirtual_router_id = 52\n"
                           "virtual_ipaddress = [\"172.16.1.100\"]\nuse_vmac = \"vip\"\n");
    EXPECT_FALSE(p.config);
    EXPECT_EQ(p.errors, std::vector<std::string>{
                            "routerd.toml:10:12: vrrp.instance.VI_2.use_vmac: 'vip' is already "
                            "VI_1's VMAC"});
}

}  // namespace
}  // namespace routerd::vrrp
