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
    const VirtualRoute route{ip("10.0.0.0"), 8, ip("172.16.0.1"), "eth1", 7};
    EXPECT_EQ(route.text(), "10.0.0.0/8 via 172.16.0.1 dev eth1");
    EXPECT_EQ(VirtualRoute::parse(route.text()),
              (VirtualRoute{ip("10.0.0.0"), 8, ip("172.16.0.1"), "eth1", 0}));
    const VirtualRoute direct{ip("2001:db8::"), 32, std::nullopt, "", 0};
    EXPECT_EQ(direct.text(), "2001:db8::/32");
    EXPECT_EQ(VirtualRoute::parse(direct.text()), direct);
    EXPECT_EQ(VirtualRoute::parse("nonsense"), std::nullopt);
}

}  // namespace
}  // namespace routerd::vrrp
