// An instance in a VRF (config_vrf.cpp, keepalived.conf(5) vrf): vrf in place of interface, and
// what such an instance needs, refused with file:line:col.
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using test::parse;
using test::Parsed;

const std::string kHead = "[vrrp.instance.VI_1]\nvirtual_router_id = 51\n";
const std::string kUnicast = "unicast_src_ip = \"10.0.0.1\"\nunicast_peer = [\"10.0.0.2\"]\n";
const std::string kVip = "virtual_ipaddress = [{ address = \"10.0.0.100\", dev = \"eth0\" }]\n";

TEST(VrrpVrfConfig, TheVrfTakesTheInterfacesPlace) {
    const Parsed p = parse(kHead + "vrf = \"blue\"\n" + kUnicast + kVip);
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceConfig& i = p.config->instances.at("VI_1");
    EXPECT_TRUE(i.vrf);
    EXPECT_EQ(i.interface, "blue");
    EXPECT_EQ(i.advert_interface(), "blue");
    EXPECT_EQ(i.addresses.front().dev, "eth0");
}

TEST(VrrpVrfConfig, AnInterfaceIsNoVrf) {
    const Parsed p = parse(kHead + "interface = \"eth0\"\n" + kVip);
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_FALSE(p.config->instances.at("VI_1").vrf);
}

void expect_refused(const std::string& text, const std::vector<std::string>& errors) {
    const Parsed p = parse(text);
    EXPECT_FALSE(p.config);
    EXPECT_EQ(p.errors, errors);
}

TEST(VrrpVrfConfig, WhatCannotWorkIsRefusedWithItsPlace) {
    expect_refused(kHead + kVip,
                   {"routerd.toml:1:1: vrrp.instance.VI_1.interface: is required (or vrf, for a "
                    "unicast instance)"});
    expect_refused(kHead + "interface = \"eth0\"\nvrf = \"blue\"\n" + kVip,
                   {"routerd.toml:4:7: vrrp.instance.VI_1.vrf: is for an instance without "
                    "interface (keepalived.conf(5)): an interface's VRF is its own"});
    expect_refused(
        kHead + "vrf = \"blue\"\nvirtual_ipaddress = [\"10.0.0.100\"]\n",
        {"routerd.toml:3:7: vrrp.instance.VI_1.vrf: needs unicast_peer: a VRF is for unicast "
         "instances",
         "routerd.toml:3:7: vrrp.instance.VI_1.vrf: needs unicast_src_ip: the VRF's device has "
         "no address to send adverts from",
         "routerd.toml:3:7: vrrp.instance.VI_1.vrf: needs a dev for 10.0.0.100/32: the instance "
         "has no interface"});
    expect_refused(
        kHead + "vrf = \"blue\"\n" + kUnicast + kVip + "use_vmac = true\nvmac_xmit_base = true\n",
        {"routerd.toml:3:7: vrrp.instance.VI_1.vrf: cannot have use_vmac or "
         "use_ipvlan: they need an interface"});
}

}  // namespace
}  // namespace routerd::vrrp
