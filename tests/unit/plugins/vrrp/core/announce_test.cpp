// Gratuitous ARP and unsolicited NA, byte for byte against the RFC layouts.
#include <gtest/gtest.h>

#include "announce.hpp"
#include "vrrp_test_util.hpp"

namespace routerd::vrrp {
namespace {

const MacAddress kMac{0x00, 0x00, 0x5e, 0x00, 0x01, 0x65};

TEST(Announce, GratuitousArpFrame) {
    const auto frame = gratuitous_arp_frame(kMac, test::ip("172.16.0.100"));
    const std::vector<std::uint8_t> expected = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff,                   // destination: broadcast
        0x00, 0x00, 0x5e, 0x00, 0x01, 0x65,                   // source
        0x08, 0x06,                                           // ARP
        0x00, 0x01, 0x08, 0x00, 6,    4,                      // Ethernet / IPv4
        0x00, 0x01,                                           // request
        0x00, 0x00, 0x5e, 0x00, 0x01, 0x65, 172, 16, 0, 100,  // sender
        0,    0,    0,    0,    0,    0,    172, 16, 0, 100,  // target = sender's address
    };
    EXPECT_EQ(frame, expected);
}

TEST(Announce, UnsolicitedNeighbourAdvert) {
    const auto na = unsolicited_neighbour_advert(kMac, test::ip("2001:db8::64"), false);
    ASSERT_EQ(na.size(), 32u);
    EXPECT_EQ(na[0], 136);
    EXPECT_EQ(na[4], 0x20);  // override only
    EXPECT_EQ(na[8], 0x20);
    EXPECT_EQ(na[9], 0x01);
    EXPECT_EQ(na[23], 0x64);
    EXPECT_EQ(na[24], 2);  // target link-layer address option
    EXPECT_EQ(na[25], 1);
    EXPECT_EQ(std::vector<std::uint8_t>(na.begin() + 26, na.end()),
              std::vector<std::uint8_t>(kMac.begin(), kMac.end()));
    EXPECT_EQ(unsolicited_neighbour_advert(kMac, test::ip("2001:db8::64"), true)[4], 0xa0);
}

}  // namespace
}  // namespace routerd::vrrp
