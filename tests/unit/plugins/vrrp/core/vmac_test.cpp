#include "vmac.hpp"

#include <gtest/gtest.h>

namespace routerd::vrrp {
namespace {

TEST(Vmac, TheVirtualRouterMacCarriesTheFamilyAndTheVrid) {
    // RFC 5798 §7.3.
    EXPECT_EQ(mac_text(virtual_router_mac(Family::ipv4, 51)), "00:00:5e:00:01:33");
    EXPECT_EQ(mac_text(virtual_router_mac(Family::ipv6, 255)), "00:00:5e:00:02:ff");
    EXPECT_EQ(mac_text(virtual_router_mac(Family::ipv4, 1)), "00:00:5e:00:01:01");
}

TEST(Vmac, TheDefaultNameIsPrefixDotVrid) {
    EXPECT_EQ(vmac_name("vrrp", 51), "vrrp.51");
    EXPECT_EQ(vmac_name("vk", 7), "vk.7");
}

TEST(Vmac, AnAddressVmacIsNamedAsKeepalivedNamesIt) {
    EXPECT_EQ(address_vmac_name("vrrp", Family::ipv4, 51, {}), "vrrp.51");
    EXPECT_EQ(address_vmac_name("vrrp", Family::ipv6, 51, {}), "vrrp6.51");
    EXPECT_EQ(address_vmac_name("vrrp", Family::ipv4, 51, {"vrrp.51", "vrrp1.51"}), "vrrp2.51");
    EXPECT_EQ(address_vmac_name("vrrp", Family::ipv6, 51, {"vrrp6.51", "vrrp1.51"}), "vrrp2.51");
    // Within 15 characters: the prefix is cut short, never the number or the VRID.
    EXPECT_EQ(address_vmac_name("abcdefghijk", Family::ipv6, 255, {}), "abcdefghij6.255");
    EXPECT_EQ(address_vmac_name("abcdefghijk", Family::ipv4, 255, {"abcdefghijk.255"}),
              "abcdefghij1.255");
}

TEST(Vmac, AMacOfSixOctetsIsTakenAsWritten) {
    const auto mac = parse_vmac_address("02:AB:cd:0:1:ff", 9);
    ASSERT_TRUE(mac);
    EXPECT_EQ(mac_text(*mac), "02:ab:cd:00:01:ff");
}

TEST(Vmac, AMacOfFiveOctetsEndsWithTheVrid) {
    const auto mac = parse_vmac_address("02:00:5e:00:01", 51);
    ASSERT_TRUE(mac);
    EXPECT_EQ(mac_text(*mac), "02:00:5e:00:01:33");
}

TEST(Vmac, WhatIsNoUnicastMacIsRefused) {
    for (const char* text :
         {"", "02:00:5e:00", "02:00:5e:00:01:02:03", "02:00:5e:00:01:", "02::5e:00:01:02",
          "02:00:5e:00:01:1g", "02:00:5e:00:01:123", "01:00:5e:00:00:12" /* multicast */}) {
        EXPECT_FALSE(parse_vmac_address(text, 1)) << text;
    }
}

TEST(Vmac, InterfaceNamesFollowTheKernelsRules) {
    EXPECT_FALSE(interface_name_error("vrrp.51"));
    EXPECT_FALSE(interface_name_error("abcdefghijklmno"));  // 15
    EXPECT_TRUE(interface_name_error("abcdefghijklmnop"));  // 16
    EXPECT_TRUE(interface_name_error(""));
    EXPECT_TRUE(interface_name_error(".."));
    EXPECT_TRUE(interface_name_error("a/b"));
    EXPECT_TRUE(interface_name_error("a:b"));
    EXPECT_TRUE(interface_name_error("a b"));
}

TEST(Vmac, ArpSettingsRoundTripAndNothingElseParses) {
    EXPECT_EQ(arp_settings_text(ArpSettings{2, 1}), "arp_ignore=2 arp_filter=1");
    EXPECT_EQ(parse_arp_settings("arp_ignore=2 arp_filter=1"), (ArpSettings{2, 1}));
    EXPECT_EQ(parse_arp_settings("arp_ignore=0 arp_filter=0"), (ArpSettings{0, 0}));
    for (const char* text :
         {"", "arp_ignore=1", "arp_ignore=9 arp_filter=0", "arp_ignore=0 arp_filter=2",
          "arp_ignore=0 arp_filter=0 x", "arp_filter=0 arp_ignore=0"}) {
        EXPECT_FALSE(parse_arp_settings(text)) << text;
    }
}

}  // namespace
}  // namespace routerd::vrrp
