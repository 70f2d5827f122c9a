// An instance's ipvlan (config_vmac.cpp, keepalived.conf(5) use_ipvlan): true, a name or a table
// with its address and mode; the address becomes the adverts' source; what is refused with
// file:line:col.
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using test::instance;
using test::parse;
using test::Parsed;

const InstanceConfig& only(const Parsed& p) {
    return p.config->instances.at("VI_1");
}

TEST(VrrpIpvlanConfig, ATableGivesNameAddressAndMode) {
    const Parsed p = parse(instance(
        "use_ipvlan = { name = \"ipvl\", address = \"172.16.0.11/24\", mode = \"private\" }\n"));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceConfig& i = only(p);
    ASSERT_TRUE(i.vmac && i.vmac->ipvlan);
    EXPECT_EQ(i.vmac->name, "ipvl");
    EXPECT_EQ(i.vmac->ipvlan->mode, IpvlanMode::private_mode);
    ASSERT_TRUE(i.vmac->ipvlan->address);
    EXPECT_EQ(i.vmac->ipvlan->address->text(), "172.16.0.11/24");
    EXPECT_FALSE(i.vmac->xmit_base);
    EXPECT_EQ(i.address_interface(), "ipvl");
    EXPECT_EQ(i.advert_interface(), "ipvl");
    // Keepalived: "We also want to use this address as the source address".
    EXPECT_EQ(i.unicast_source, IpAddress::parse("172.16.0.11"));
}

TEST(VrrpIpvlanConfig, DefaultsAreKeepalivedsNameAndBridge) {
    const Parsed p = parse("[vrrp]\nvmac_prefix = \"vk\"\n" +
                           instance("use_ipvlan = { address = \"172.16.0.11\" }\n"));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceConfig& i = only(p);
    EXPECT_EQ(i.vmac->name, "vk.51");
    EXPECT_EQ(i.vmac->ipvlan->mode, IpvlanMode::bridge);
    EXPECT_EQ(i.vmac->ipvlan->address->text(), "172.16.0.11/32");
}

TEST(VrrpIpvlanConfig, AGivenSourceStaysTheSource) {
    const Parsed p =
        parse(instance("mcast_src_ip = \"172.16.0.1\"\n"
                       "use_ipvlan = { address = \"172.16.0.11/24\", mode = \"vepa\" }\n"));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_EQ(only(p).unicast_source, IpAddress::parse("172.16.0.1"));
    EXPECT_EQ(only(p).vmac->ipvlan->mode, IpvlanMode::vepa);
}

TEST(VrrpIpvlanConfig, Ipv6NeedsNoAddress) {
    for (const std::string use : {"true", "\"ipvl6\""}) {
        const Parsed p =
            parse(instance("version = 3\nuse_ipvlan = " + use + "\n", "2001:db8::100"));
        ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
        const InstanceConfig& i = only(p);
        ASSERT_TRUE(i.vmac && i.vmac->ipvlan);
        EXPECT_EQ(i.vmac->name, use == "true" ? "vrrp.51" : "ipvl6");
        EXPECT_FALSE(i.vmac->ipvlan->address);
        EXPECT_FALSE(i.unicast_source);
    }
}

TEST(VrrpIpvlanConfig, FalseIsNone) {
    const Parsed p = parse(instance("use_ipvlan = false\n"));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_FALSE(only(p).vmac);
}

void expect_refused(const std::string& text, const std::string& error) {
    const Parsed p = parse(text);
    EXPECT_FALSE(p.config);
    EXPECT_EQ(p.errors, std::vector<std::string>{error});
}

TEST(VrrpIpvlanConfig, WhatCannotWorkIsRefusedWithItsPlace) {
    expect_refused(instance("use_ipvlan = true\n"),
                   "routerd.toml:5:14: vrrp.instance.VI_1.use_ipvlan: needs an address for an IPv4 "
                   "instance: { address = \"IP/PREFIX\" } (keepalived.conf(5))");
    expect_refused(instance("use_ipvlan = { address = \"2001:db8::11/64\" }\n"),
                   "routerd.toml:5:26: vrrp.instance.VI_1.use_ipvlan.address: '2001:db8::11' is "
                   "not of the instance's address family");
    expect_refused(instance("use_ipvlan = { address = \"172.16.0.11/33\" }\n"),
                   "routerd.toml:5:26: vrrp.instance.VI_1.use_ipvlan.address: '172.16.0.11/33' has "
                   "an invalid prefix length");
    expect_refused(instance("use_ipvlan = { address = \"172.16.0.11\", mode = \"l3\" }\n"),
                   "routerd.toml:5:48: vrrp.instance.VI_1.use_ipvlan.mode: 'l3' is not one of "
                   "bridge, private, vepa");
    expect_refused(instance("use_ipvlan = { name = \"eth0\", address = \"172.16.0.11\" }\n"),
                   "routerd.toml:5:14: vrrp.instance.VI_1.use_ipvlan: 'eth0' is the instance's own "
                   "interface");
    expect_refused(instance("use_vmac = true\nuse_ipvlan = { address = \"172.16.0.11\" }\n"),
                   "routerd.toml:6:14: vrrp.instance.VI_1.use_ipvlan: and use_vmac are two kinds "
                   "of one interface: give one of them");
    expect_refused(instance("vmac_xmit_base = true\nuse_ipvlan = { address = \"172.16.0.11\" }\n"),
                   "routerd.toml:5:18: vrrp.instance.VI_1.vmac_xmit_base: is for use_vmac: an "
                   "ipvlan has the interface's own MAC");
    expect_refused(instance("use_ipvlan = 3\n"),
                   "routerd.toml:5:14: vrrp.instance.VI_1.use_ipvlan: is true, an interface name, "
                   "or { name = \"...\", address = \"...\", mode = \"...\" }");
}

TEST(VrrpIpvlanConfig, AnIpvlanAndAVmacCannotShareAName) {
    const Parsed p = parse(instance("use_vmac = \"vip\"\n") +
                           "[vrrp.instance.VI_2]\ninterface = \"eth1\"\nvirtual_router_id = 52\n"
                           "virtual_ipaddress = [\"172.16.1.100\"]\n"
                           "use_ipvlan = { name = \"vip\", address = \"172.16.1.11/24\" }\n");
    EXPECT_FALSE(p.config);
    EXPECT_EQ(p.errors, std::vector<std::string>{
                            "routerd.toml:10:14: vrrp.instance.VI_2.use_ipvlan: 'vip' is already "
                            "VI_1's VMAC"});
}

}  // namespace
}  // namespace routerd::vrrp
