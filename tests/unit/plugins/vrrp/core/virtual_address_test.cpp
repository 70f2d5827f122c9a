#include "virtual_address.hpp"

#include <gtest/gtest.h>

namespace routerd::vrrp {
namespace {

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

TEST(VirtualAddress, TextReadsBack) {
    const VirtualAddress vip{ip("172.16.0.100"), 24, "eth1", "eth1:vip"};
    EXPECT_EQ(vip.text(), "172.16.0.100/24");
    EXPECT_EQ(VirtualAddress::parse(vip.text()), (VirtualAddress{ip("172.16.0.100"), 24, "", ""}));
    EXPECT_EQ(VirtualAddress::parse("2001:db8::1/64"),
              (VirtualAddress{ip("2001:db8::1"), 64, "", ""}));
}

TEST(VirtualAddress, ParseNeedsAnAddressAndAPrefix) {
    EXPECT_EQ(VirtualAddress::parse("172.16.0.100"), std::nullopt);
    EXPECT_EQ(VirtualAddress::parse("not-an-address/32"), std::nullopt);
}

TEST(VirtualRoute, TextReadsBack) {
    const VirtualRoute route{ip("10.0.0.0"), 8, ip("172.16.0.1"), "eth1", 7, 254};
    EXPECT_EQ(route.text(), "10.0.0.0/8 via 172.16.0.1 dev eth1");
    EXPECT_EQ(VirtualRoute::parse(route.text()),
              (VirtualRoute{ip("10.0.0.0"), 8, ip("172.16.0.1"), "eth1", 0, 254}));
    const VirtualRoute direct{ip("2001:db8::"), 32, std::nullopt, "", 0, 254};
    EXPECT_EQ(direct.text(), "2001:db8::/32");
    EXPECT_EQ(VirtualRoute::parse(direct.text()), direct);
    EXPECT_EQ(VirtualRoute::parse("nonsense"), std::nullopt);
    VirtualRoute in_table{ip("10.50.0.0"), 16, ip("172.16.0.254"), "eth0", 0, 254};
    in_table.table = 100;
    EXPECT_EQ(in_table.text(), "10.50.0.0/16 via 172.16.0.254 dev eth0 table 100");
    EXPECT_EQ(VirtualRoute::parse(in_table.text()), in_table);
}

}  // namespace
}  // namespace routerd::vrrp
