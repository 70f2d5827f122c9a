// Reference packets built by hand from the RFC field layouts; their checksums and the AH ICV
// were computed by an independent implementation (Python's hmac/hashlib, a naive RFC 1071 sum).
#include <gtest/gtest.h>

#include <variant>

#include "vrrp_test_util.hpp"

namespace routerd::vrrp {
namespace {

using test::Bytes;

// VRRPv2, VRID 51, priority 100, 192.168.1.100, 1 s, no auth, from 192.168.1.10, IP id 0x1234.
const Bytes kV2None = {0x45, 0xc0, 0x00, 0x28, 0x12, 0x34, 0x00, 0x00, 0xff, 0x70,
                       0x06, 0xad, 0xc0, 0xa8, 0x01, 0x0a, 0xe0, 0x00, 0x00, 0x12,
                       0x21, 0x33, 0x64, 0x01, 0x00, 0x01, 0xb8, 0xbd, 0xc0, 0xa8,
                       0x01, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

// Same with auth_type PASS, auth_pass "secret".
const Bytes kV2Pass = {0x45, 0xc0, 0x00, 0x28, 0x12, 0x34, 0x00, 0x00, 0xff, 0x70,
                       0x06, 0xad, 0xc0, 0xa8, 0x01, 0x0a, 0xe0, 0x00, 0x00, 0x12,
                       0x21, 0x33, 0x64, 0x01, 0x01, 0x01, 0x7b, 0x71, 0xc0, 0xa8,
                       0x01, 0x64, 0x73, 0x65, 0x63, 0x72, 0x65, 0x74, 0x00, 0x00};

// Same with auth_type AH, key "secret", sequence 7: IP(51) + AH(next 112, len 4, SPI = source)
// + VRRP; ICV = HMAC-MD5-96 over the datagram with TOS/frag/checksum/ICV zeroed.
const Bytes kV2Ah = {0x45, 0xc0, 0x00, 0x40, 0x12, 0x34, 0x00, 0x00, 0xff, 0x33, 0x06, 0xd2, 0xc0,
                     0xa8, 0x01, 0x0a, 0xe0, 0x00, 0x00, 0x12, 0x70, 0x04, 0x00, 0x00, 0xc0, 0xa8,
                     0x01, 0x0a, 0x00, 0x00, 0x00, 0x07, 0xe5, 0xab, 0x40, 0x78, 0xf6, 0xcd, 0xdb,
                     0x89, 0xd8, 0x70, 0xab, 0x80, 0x21, 0x33, 0x64, 0x01, 0x02, 0x01, 0xb6, 0xbd,
                     0xc0, 0xa8, 0x01, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

// VRRPv3 over IPv4, VRID 51, priority 100, 100 cs; checksum with the IPv4 pseudo-header.
const Bytes kV3Ipv4 = {0x45, 0xc0, 0x00, 0x20, 0x12, 0x34, 0x00, 0x00, 0xff, 0x70, 0x06,
                       0xb5, 0xc0, 0xa8, 0x01, 0x0a, 0xe0, 0x00, 0x00, 0x12, 0x31, 0x33,
                       0x64, 0x01, 0x00, 0x64, 0x06, 0x19, 0xc0, 0xa8, 0x01, 0x64};

// VRRPv3 over IPv6 from fe80::1 to ff02::12, VRID 7, priority 200, 10 cs, two addresses.
const Bytes kV3Ipv6 = {0x31, 0x07, 0xc8, 0x02, 0x00, 0x0a, 0xad, 0x47, 0x20, 0x01,
                       0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                       0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00,
                       0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02};

TEST(CodecKnownBytes, EncodesVrrpv2WithoutAuth) {
    EXPECT_EQ(encode_ipv4(test::v2_params(), 100, test::envelope4()), kV2None);
}

TEST(CodecKnownBytes, EncodesVrrpv2Pass) {
    EXPECT_EQ(encode_ipv4(test::v2_params(AuthType::pass), 100, test::envelope4()), kV2Pass);
}

TEST(CodecKnownBytes, EncodesVrrpv2KeepalivedAh) {
    EXPECT_EQ(encode_ipv4(test::v2_params(AuthType::ah), 100, test::envelope4(7)), kV2Ah);
}

TEST(CodecKnownBytes, EncodesVrrpv3Ipv4) {
    EXPECT_EQ(encode_ipv4(test::v3_params(Family::ipv4), 100, test::envelope4()), kV3Ipv4);
}

TEST(CodecKnownBytes, EncodesVrrpv3Ipv6) {
    EXPECT_EQ(encode_ipv6(test::v3_params(Family::ipv6), 200, test::envelope6()), kV3Ipv6);
}

TEST(CodecKnownBytes, DecodesTheReferenceAhPacket) {
    const auto r = decode_ipv4(kV2Ah, test::v2_params(AuthType::ah), 6);
    ASSERT_TRUE(std::holds_alternative<Advert>(r));
    const auto& a = std::get<Advert>(r);
    EXPECT_EQ(a.ah_sequence, 7u);
    EXPECT_EQ(a.priority, 100);
    EXPECT_EQ(a.auth_type, AuthType::ah);
    EXPECT_EQ(a.source, test::ip("192.168.1.10"));
}

TEST(CodecKnownBytes, DecodesTheReferenceV3Ipv6Packet) {
    const auto r = decode_ipv6(kV3Ipv6, test::envelope6(), test::v3_params(Family::ipv6));
    ASSERT_TRUE(std::holds_alternative<Advert>(r));
    const auto& a = std::get<Advert>(r);
    EXPECT_EQ(a.vrid, 7);
    EXPECT_EQ(a.priority, 200);
    EXPECT_EQ(a.advert_interval, Centiseconds(10));
    EXPECT_EQ(a.addresses, test::v3_params(Family::ipv6).addresses);
}

TEST(CodecKnownBytes, AuthPassIsTruncatedAndZeroPaddedLikeKeepalived) {
    EXPECT_EQ(make_auth_key("averylongpassword"),
              (AuthKey{'a', 'v', 'e', 'r', 'y', 'l', 'o', 'n'}));
    EXPECT_EQ(make_auth_key("ab"), (AuthKey{'a', 'b', 0, 0, 0, 0, 0, 0}));
}

TEST(CodecKnownBytes, PeekReadsVersionAndVrid) {
    EXPECT_EQ(peek_ipv4(kV2Ah)->vrid, 51);
    EXPECT_EQ(peek_ipv4(kV2Ah)->version, Version::v2);
    EXPECT_EQ(peek_ipv4(kV3Ipv4)->version, Version::v3);
    EXPECT_EQ(peek_ipv6(kV3Ipv6)->vrid, 7);
    EXPECT_FALSE(peek_ipv4(Bytes(kV2None.begin(), kV2None.begin() + 20)));
    EXPECT_FALSE(peek_ipv6(Bytes{0x41, 0x07}));  // version 4 is not VRRP
}

}  // namespace
}  // namespace routerd::vrrp
