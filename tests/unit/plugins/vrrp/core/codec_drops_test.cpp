// Every DropReason, from a valid packet with exactly one thing wrong.
#include <gtest/gtest.h>

#include <set>
#include <string_view>
#include <variant>

#include "ah.hpp"
#include "message.hpp"
#include "vrrp_test_util.hpp"

namespace routerd::vrrp {
namespace {

using test::Bytes;

DropReason drop4(const Bytes& bytes, const InstanceParams& p, std::uint32_t highest = 0) {
    const auto r = decode_ipv4(bytes, p, highest);
    EXPECT_TRUE(std::holds_alternative<DropReason>(r));
    return std::holds_alternative<DropReason>(r) ? std::get<DropReason>(r) : DropReason{};
}

bool accepted4(const Bytes& bytes, const InstanceParams& p, std::uint32_t highest = 0) {
    return std::holds_alternative<Advert>(decode_ipv4(bytes, p, highest));
}

// Recomputes the VRRP checksum of a (no-AH) IPv4 datagram after an edit.
void refresh_checksum(Bytes& d, Version version) {
    auto message = std::span(d).subspan(kIpv4HeaderLength);
    message[6] = message[7] = 0;
    const auto c =
        message_checksum(version, message, test::ip("192.168.1.10"), test::ip("224.0.0.18"));
    message[6] = static_cast<std::uint8_t>(c >> 8);
    message[7] = static_cast<std::uint8_t>(c);
}

Bytes v2(AuthType auth = AuthType::none, std::uint32_t seq = 7) {
    return encode_ipv4(test::v2_params(auth), 100, test::envelope4(seq));
}

TEST(CodecDrops, NamesAreStableAndDistinct) {
    const std::set<std::string_view> expected = {"ttl_or_hop_limit",
                                                 "bad_length",
                                                 "bad_checksum",
                                                 "bad_version",
                                                 "bad_type",
                                                 "vrid_mismatch",
                                                 "auth_type_mismatch",
                                                 "auth_failure",
                                                 "ah_replay",
                                                 "address_list_mismatch",
                                                 "advert_interval_mismatch",
                                                 "zero_advert_interval",
                                                 "not_unicast_peer",
                                                 "wrong_destination",
                                                 "own_source_address"};
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < kDropReasonCount; ++i) {
        names.insert(name(static_cast<DropReason>(i)));
    }
    EXPECT_EQ(names, expected);
}

TEST(CodecDrops, TtlMustBe255) {
    auto d = v2();
    d[8] = 64;
    EXPECT_EQ(drop4(d, test::v2_params()), DropReason::ttl_or_hop_limit);
}

TEST(CodecDrops, HopLimitMustBe255) {
    const auto p = test::v3_params(Family::ipv6);
    const auto bytes = encode_ipv6(p, 100, test::envelope6());
    auto env = test::envelope6();
    env.hop_limit = 1;
    EXPECT_EQ(std::get<DropReason>(decode_ipv6(bytes, env, p)), DropReason::ttl_or_hop_limit);
}

TEST(CodecDrops, LengthsMustAgree) {
    auto d = v2();
    d[3] = 41;  // IP total length one more than received
    EXPECT_EQ(drop4(d, test::v2_params()), DropReason::bad_length);
    d = v2();
    d[kIpv4HeaderLength + 3] = 2;  // count says two addresses, one is there
    refresh_checksum(d, Version::v2);
    EXPECT_EQ(drop4(d, test::v2_params()), DropReason::bad_length);
    d = v2();
    d[0] = 0x44;  // IHL below 5
    EXPECT_EQ(drop4(d, test::v2_params()), DropReason::bad_length);
    d[0] = 0x65;  // not IPv4
    EXPECT_EQ(drop4(d, test::v2_params()), DropReason::bad_length);
}

// As tests/integration/vrrp/hostile_cases.py sends them: the datagram cut at every length,
// its IPv4 total length saying so.
TEST(CodecDrops, EveryTruncationIsBadLength) {
    for (const auto& [params, whole] :
         {std::pair{test::v2_params(), v2()},
          std::pair{test::v2_params(AuthType::ah), v2(AuthType::ah)},
          std::pair{test::v3_params(Family::ipv4),
                    encode_ipv4(test::v3_params(Family::ipv4), 100, test::envelope4())}}) {
        for (std::size_t n = 1; n < whole.size(); ++n) {
            Bytes cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n));
            if (n >= 4) {
                cut[2] = static_cast<std::uint8_t>(n >> 8);
                cut[3] = static_cast<std::uint8_t>(n);
            }
            EXPECT_EQ(drop4(cut, params), DropReason::bad_length) << n << " of " << whole.size();
        }
    }
    const auto p6 = test::v3_params(Family::ipv6);
    const Bytes whole6 = encode_ipv6(p6, 100, test::envelope6());
    for (std::size_t n = 0; n < whole6.size(); ++n) {
        const Bytes cut(whole6.begin(), whole6.begin() + static_cast<std::ptrdiff_t>(n));
        const auto r = decode_ipv6(cut, test::envelope6(), p6);
        ASSERT_TRUE(std::holds_alternative<DropReason>(r)) << n;
        EXPECT_EQ(std::get<DropReason>(r), DropReason::bad_length) << n;
    }
}

TEST(CodecDrops, ChecksumIsVerified) {
    auto d = v2();
    d[kIpv4HeaderLength + 2] = 101;  // priority changed in flight
    EXPECT_EQ(drop4(d, test::v2_params()), DropReason::bad_checksum);
    auto v3 = encode_ipv4(test::v3_params(Family::ipv4), 100, test::envelope4());
    v3[15] = 11;  // source differs: the v3 pseudo-header no longer matches
    EXPECT_EQ(drop4(v3, test::v3_params(Family::ipv4)), DropReason::bad_checksum);
    const auto p6 = test::v3_params(Family::ipv6);
    const auto b6 = encode_ipv6(p6, 100, test::envelope6());
    auto other_source = test::envelope6();
    other_source.source = test::ip("fe80::2");
    EXPECT_EQ(std::get<DropReason>(decode_ipv6(b6, other_source, p6)), DropReason::bad_checksum);
}

TEST(CodecDrops, VersionMustMatch) {
    const auto v3 = encode_ipv4(test::v3_params(Family::ipv4), 100, test::envelope4());
    EXPECT_EQ(drop4(v3, test::v2_params()), DropReason::bad_version);
    auto d = v2();
    d[kIpv4HeaderLength] = 0x41;
    EXPECT_EQ(drop4(d, test::v2_params()), DropReason::bad_version);
}

TEST(CodecDrops, TypeMustBeAdvertisement) {
    auto d = v2();
    d[kIpv4HeaderLength] = 0x22;
    refresh_checksum(d, Version::v2);
    EXPECT_EQ(drop4(d, test::v2_params()), DropReason::bad_type);
    d = v2();
    d[9] = 6;  // not VRRP nor AH
    EXPECT_EQ(drop4(d, test::v2_params()), DropReason::bad_type);
    d = v2(AuthType::ah);
    d[kIpv4HeaderLength] = 17;  // AH protecting UDP
    EXPECT_EQ(drop4(d, test::v2_params(AuthType::ah)), DropReason::bad_type);
}

TEST(CodecDrops, VridIsReportedSeparately) {
    auto p = test::v2_params();
    p.vrid = 52;
    EXPECT_EQ(drop4(v2(), p), DropReason::vrid_mismatch);
}

TEST(CodecDrops, AuthTypeMustMatch) {
    EXPECT_EQ(drop4(v2(AuthType::pass), test::v2_params()), DropReason::auth_type_mismatch);
    EXPECT_EQ(drop4(v2(), test::v2_params(AuthType::pass)), DropReason::auth_type_mismatch);
    EXPECT_EQ(drop4(v2(), test::v2_params(AuthType::ah)), DropReason::auth_type_mismatch);
    EXPECT_EQ(drop4(v2(AuthType::ah), test::v2_params(AuthType::pass)),
              DropReason::auth_type_mismatch);
    EXPECT_EQ(drop4(v2(AuthType::ah), test::v2_params()), DropReason::auth_type_mismatch);
}

TEST(CodecDrops, PassMustMatch) {
    auto p = test::v2_params(AuthType::pass);
    p.auth_key = make_auth_key("secreT");
    EXPECT_EQ(drop4(v2(AuthType::pass), p), DropReason::auth_failure);
    p.auth_key = make_auth_key("secret-but-longer");  // only 8 bytes count
    auto sender = test::v2_params(AuthType::pass);
    sender.auth_key = make_auth_key("secret-b");
    EXPECT_TRUE(accepted4(encode_ipv4(sender, 100, test::envelope4()), p));
}

TEST(CodecDrops, AhIcvMustMatch) {
    auto p = test::v2_params(AuthType::ah);
    p.auth_key = make_auth_key("other");
    EXPECT_EQ(drop4(v2(AuthType::ah), p), DropReason::auth_failure);
    auto d = v2(AuthType::ah);
    d[5] ^= 1;  // IP id is covered by the ICV
    EXPECT_EQ(drop4(d, test::v2_params(AuthType::ah)), DropReason::auth_failure);
}

TEST(CodecDrops, AhSpiMustBeTheSource) {
    auto d = v2(AuthType::ah);
    d[kIpv4HeaderLength + 7] ^= 1;  // SPI, then a valid ICV over the edited packet
    const auto icv = compute_ah_icv(d, kIpv4HeaderLength, make_auth_key("secret"), false);
    std::copy(icv.begin(), icv.end(), d.begin() + kIpv4HeaderLength + kAhIcvOffset);
    EXPECT_EQ(drop4(d, test::v2_params(AuthType::ah)), DropReason::auth_failure);
}

TEST(CodecDrops, AhSequenceMustIncrease) {
    const auto d = v2(AuthType::ah, 7);
    EXPECT_EQ(drop4(d, test::v2_params(AuthType::ah), 7), DropReason::ah_replay);
    EXPECT_EQ(drop4(d, test::v2_params(AuthType::ah), 8), DropReason::ah_replay);
    EXPECT_TRUE(accepted4(d, test::v2_params(AuthType::ah), 6));
}

// Whether a differing list is dropped is address_list.hpp's decision (address_list_test.cpp).
TEST(CodecDrops, AddressListIsCompared) {
    const auto differs = [](const InstanceParams& p) {
        const auto r = decode_ipv4(v2(), p);
        return std::holds_alternative<Advert>(r) && std::get<Advert>(r).address_list_differs;
    };
    auto p = test::v2_params();
    EXPECT_FALSE(differs(p));
    p.addresses = {test::ip("192.168.1.101")};
    EXPECT_TRUE(differs(p));
    p.addresses = {test::ip("192.168.1.100"), test::ip("192.168.1.101")};
    EXPECT_TRUE(differs(p));
    p.addresses = {};
    EXPECT_TRUE(differs(p));
}

TEST(CodecDrops, IntervalZeroIsInvalid) {
    auto v3 = test::v3_params(Family::ipv4);
    auto d = encode_ipv4(v3, 100, test::envelope4());
    d[kIpv4HeaderLength + 4] = 0;
    d[kIpv4HeaderLength + 5] = 0;
    refresh_checksum(d, Version::v3);
    EXPECT_EQ(drop4(d, v3), DropReason::zero_advert_interval);
    auto v2_zero = v2();
    v2_zero[kIpv4HeaderLength + 5] = 0;
    refresh_checksum(v2_zero, Version::v2);
    EXPECT_EQ(drop4(v2_zero, test::v2_params()), DropReason::zero_advert_interval);
}

TEST(CodecDrops, V2AdvertIntervalMustMatchButV3IsLearned) {
    auto p = test::v2_params();
    p.advert_interval = std::chrono::seconds(2);
    EXPECT_EQ(drop4(v2(), p), DropReason::advert_interval_mismatch);
    auto v3 = test::v3_params(Family::ipv4);
    const auto bytes = encode_ipv4(v3, 100, test::envelope4());
    v3.advert_interval = Centiseconds(7);
    EXPECT_TRUE(accepted4(bytes, v3));
}

TEST(CodecDrops, V3ReservedIntervalBitsAreIgnored) {
    auto d = encode_ipv4(test::v3_params(Family::ipv4), 100, test::envelope4());
    d[kIpv4HeaderLength + 4] |= 0xf0;
    refresh_checksum(d, Version::v3);
    const auto r = decode_ipv4(d, test::v3_params(Family::ipv4));
    ASSERT_TRUE(std::holds_alternative<Advert>(r));
    EXPECT_EQ(std::get<Advert>(r).advert_interval, Centiseconds(100));
}

}  // namespace
}  // namespace routerd::vrrp
