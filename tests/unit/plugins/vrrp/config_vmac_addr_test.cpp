// The VMACs of an instance's addresses (config_vmac.cpp place_addresses): use_vmac_addr, an
// address's use_vmac and [vrrp] vmac_addr_prefix, named and placed as Keepalived 2.2.7 names
// and places them (seen in a namespace: the names of the links it made, and where the addresses
// went), and what is refused with file:line:col.
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using test::parse;
using test::Parsed;

// These tests give each instance its addresses themselves.
std::string instance_without_vip(const std::string& extra, const std::string& name = "VI_1",
                                 int vrid = 51) {
    return test::instance(extra, "", name, vrid);
}

const InstanceConfig& parsed(const Parsed& p, const std::string& name = "VI_1") {
    EXPECT_TRUE(p.config) << testing::PrintToString(p.errors);
    static const InstanceConfig none;
    return p.config ? p.config->instances.at(name) : none;
}

std::vector<std::string> devs(const InstanceConfig& i) {
    std::vector<std::string> out;
    for (const VirtualAddress& vip : i.addresses)
        out.push_back(vip.dev);
    return out;
}

const MacAddress kMac4 = virtual_router_mac(Family::ipv4, 51);
const MacAddress kMac6 = virtual_router_mac(Family::ipv6, 51);

TEST(VrrpVmacAddrConfig, OtherInterfacesAndTheOtherFamilyGetVmacsOfTheirOwn) {
    const Parsed p =
        parse("[vrrp]\nvmac_addr_prefix = \"vad\"\n" +
              instance_without_vip(
                  "use_vmac = true\nuse_vmac_addr = true\n"
                  "virtual_ipaddress = [\"172.16.0.100/24\", { address = \"172.16.1.100/24\", "
                  "dev = \"eth1\" }]\n"
                  "virtual_ipaddress_excluded = [\"2001:db8::100/64\", { address = "
                  "\"2001:db8:1::100/64\", dev = \"eth1\" }, { address = \"172.16.1.101/24\", "
                  "dev = \"eth1\" }]\n"));
    const InstanceConfig& i = parsed(p);
    // One per interface and family, the IPv6 ones with the IPv6 MAC; the instance's own
    // interface and family stay on its VMAC.
    EXPECT_EQ(i.address_vmacs, (std::vector<AddressVmac>{
                                   {"vad.51", "eth1", Family::ipv4, kMac4},
                                   {"vad6.51", "eth0", Family::ipv6, kMac6},
                                   {"vad1.51", "eth1", Family::ipv6, kMac6},
                               }));
    EXPECT_EQ(devs(i), (std::vector<std::string>{"", "vad.51", "vad6.51", "vad1.51", "vad.51"}));
    EXPECT_EQ(i.address_interface(), "vrrp.51");
    EXPECT_EQ(i.base_of("vad1.51"), "eth1");
    EXPECT_EQ(i.base_of("vrrp.51"), "eth0");
    EXPECT_EQ(i.base_of("eth2"), "eth2");
}

TEST(VrrpVmacAddrConfig, WithoutUseVmacTheInstancesOwnAddressesStayOnItsInterface) {
    const Parsed p = parse(instance_without_vip(
        "use_vmac_addr = true\nvirtual_ipaddress = [\"172.16.0.100/24\", { address = "
        "\"172.16.1.100/24\", dev = \"eth1\" }]\nvirtual_ipaddress_excluded = "
        "[\"2001:db8::100/64\"]\n"));
    const InstanceConfig& i = parsed(p);
    EXPECT_EQ(i.address_vmacs, (std::vector<AddressVmac>{
                                   {"vrrp.51", "eth1", Family::ipv4, kMac4},
                                   {"vrrp6.51", "eth0", Family::ipv6, kMac6},
                               }));
    EXPECT_EQ(devs(i), (std::vector<std::string>{"", "vrrp.51", "vrrp6.51"}));
}

TEST(VrrpVmacAddrConfig, AnAddressesOwnUseVmacAsksForOneForItAlone) {
    const Parsed p = parse(instance_without_vip(
        "virtual_ipaddress = [\"172.16.0.100/24\", { address = \"172.16.1.100/24\", dev = "
        "\"eth1\", use_vmac = true }, { address = \"172.16.2.100/24\", dev = \"eth2\" }, "
        "{ address = \"172.16.0.101/24\", use_vmac = true }]\n"));
    const InstanceConfig& i = parsed(p);
    // On the instance's own interface too, when it has no VMAC of its own.
    EXPECT_EQ(i.address_vmacs, (std::vector<AddressVmac>{
                                   {"vrrp.51", "eth1", Family::ipv4, kMac4},
                                   {"vrrp1.51", "eth0", Family::ipv4, kMac4},
                               }));
    EXPECT_EQ(devs(i), (std::vector<std::string>{"", "vrrp.51", "eth2", "vrrp1.51"}));
    EXPECT_TRUE(i.addresses[1].use_vmac);
}

TEST(VrrpVmacAddrConfig, WithUseVmacTheInstancesInterfaceMeansItsVmacAndTheOtherFamilyItsBase) {
    // Keepalived 2.2.7 puts "dev eth0" on the VMAC too (and says so for "dev eth0 use_vmac"),
    // and an eVIP of the other family on eth0, not on a VMAC with the other family's MAC.
    const Parsed p = parse(instance_without_vip(
        "use_vmac = true\nvirtual_ipaddress = [\"172.16.0.100/24\", { address = "
        "\"172.16.0.101/24\", dev = \"eth0\" }, { address = \"172.16.0.102/24\", dev = \"eth0\", "
        "use_vmac = true }]\nvirtual_ipaddress_excluded = [\"2001:db8::100/64\"]\n"));
    const InstanceConfig& i = parsed(p);
    EXPECT_TRUE(i.address_vmacs.empty());
    EXPECT_EQ(devs(i), (std::vector<std::string>{"", "", "", "eth0"}));
}

TEST(VrrpVmacAddrConfig, NamesPassOverEveryInstancesVmacsAndEachOther) {
    const std::string vips =
        "virtual_ipaddress = [\"172.16.0.100/24\", { address = \"172.16.1.100/24\", dev = "
        "\"eth1\" }, { address = \"172.16.2.100/24\", dev = \"eth2\" }]\n"
        "virtual_ipaddress_excluded = [\"2001:db8::100/64\", { address = \"2001:db8:1::100/64\", "
        "dev = \"eth1\" }]\n";
    // VI_2's own VMAC (vrrp1.51 by name) is named before any address's.
    const Parsed p = parse(instance_without_vip("use_vmac = true\nuse_vmac_addr = true\n" + vips) +
                           "[vrrp.instance.VI_2]\ninterface = \"eth3\"\nvirtual_router_id = 51\n"
                           "use_vmac = \"vrrp1.51\"\nvirtual_ipaddress = [\"172.16.3.100\"]\n");
    const InstanceConfig& i = parsed(p);
    std::vector<std::string> names;
    for (const AddressVmac& vmac : i.address_vmacs)
        names.push_back(vmac.name);
    EXPECT_EQ(names, (std::vector<std::string>{"vrrp2.51", "vrrp3.51", "vrrp6.51", "vrrp4.51"}));
}

TEST(VrrpVmacAddrConfig, ThePrefixIsVmacPrefixsUnlessGiven) {
    const std::string vips =
        "use_vmac_addr = true\nvirtual_ipaddress = [\"172.16.0.100/24\", { address = "
        "\"172.16.1.100/24\", dev = \"eth1\" }]\n";
    const Parsed p = parse("[vrrp]\nvmac_prefix = \"vk\"\n" + instance_without_vip(vips));
    EXPECT_EQ(parsed(p).address_vmacs.at(0).name, "vk.51");
    const Parsed own = parse("[vrrp]\nvmac_prefix = \"vk\"\nvmac_addr_prefix = \"va\"\n" +
                             instance_without_vip(vips, "VI_1", 255));
    EXPECT_EQ(parsed(own).address_vmacs.at(0).name, "va.255");
}

void expect_refused(const std::string& text, const std::string& error) {
    const Parsed p = parse(text);
    EXPECT_FALSE(p.config);
    EXPECT_EQ(p.errors, std::vector<std::string>{error});
}

TEST(VrrpVmacAddrConfig, WhatCannotWorkIsRefusedWithItsPlace) {
    expect_refused("[vrrp]\nvmac_addr_prefix = \"a-long-prefix\"\n",
                   "routerd.toml:2:20: vrrp.vmac_addr_prefix: 'a-long-prefix.255' is longer than "
                   "15 characters (IFNAMSIZ)");
    expect_refused("[vrrp]\nvmac_addr_prefix = \"v/a\"\n",
                   "routerd.toml:2:20: vrrp.vmac_addr_prefix: 'v/a.255' has a character an "
                   "interface name cannot have ('/', ':' or a space)");
    expect_refused(
        "[vrrp]\nstatic_ipaddress = [{ address = \"172.16.1.1/24\", dev = \"eth1\", use_vmac = "
        "true }]\n",
        "routerd.toml:2:75: vrrp.static_ipaddress[0].use_vmac: is for an instance's addresses: "
        "a VMAC is an instance's");
}

}  // namespace
}  // namespace routerd::vrrp
