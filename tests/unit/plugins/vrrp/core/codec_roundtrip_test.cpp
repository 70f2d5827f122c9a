#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "vrrp_test_util.hpp"

namespace routerd::vrrp {
namespace {

struct Case {
    std::string name;
    Version version;
    Family family;
    AuthType auth;
};

class CodecRoundTrip : public ::testing::TestWithParam<Case> {
  protected:
    InstanceParams params(std::size_t address_count) const {
        const Case& c = GetParam();
        InstanceParams p =
            c.version == Version::v2 ? test::v2_params(c.auth) : test::v3_params(c.family);
        p.version = c.version;
        p.auth_type = c.auth;
        p.advert_interval = c.version == Version::v2 ? Centiseconds(300) : Centiseconds(4095);
        p.addresses.clear();
        for (std::size_t i = 0; i < address_count; ++i) {
            const auto b = static_cast<std::uint8_t>(i);
            p.addresses.push_back(
                c.family == Family::ipv4
                    ? IpAddress::v4({10, 0, 1, b})
                    : IpAddress::v6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, b}));
        }
        return p;
    }

    test::Bytes encode(const InstanceParams& p, std::uint8_t priority) const {
        return GetParam().family == Family::ipv4 ? encode_ipv4(p, priority, test::envelope4(9))
                                                 : encode_ipv6(p, priority, test::envelope6());
    }

    DecodeResult decode(std::span<const std::uint8_t> bytes, const InstanceParams& p) const {
        return GetParam().family == Family::ipv4 ? decode_ipv4(bytes, p, 8)
                                                 : decode_ipv6(bytes, test::envelope6(), p);
    }
};

TEST_P(CodecRoundTrip, EveryPriorityAndAddressCountSurvives) {
    for (std::size_t count : {0u, 1u, 2u, 20u, 255u}) {
        const InstanceParams p = params(count);
        for (int priority : {0, 1, 100, 254, 255}) {
            const auto bytes = encode(p, static_cast<std::uint8_t>(priority));
            const auto r = decode(bytes, p);
            ASSERT_TRUE(std::holds_alternative<Advert>(r))
                << name(std::get<DropReason>(r)) << " count " << count << " prio " << priority;
            const Advert& a = std::get<Advert>(r);
            EXPECT_EQ(a.version, p.version);
            EXPECT_EQ(a.vrid, p.vrid);
            EXPECT_EQ(a.priority, priority);
            EXPECT_EQ(a.advert_interval, p.advert_interval);
            EXPECT_EQ(a.addresses, p.addresses);
            EXPECT_EQ(a.auth_type, p.auth_type);
            EXPECT_EQ(a.ttl_or_hop_limit, 255);
            EXPECT_EQ(a.ah_sequence.has_value(), p.auth_type == AuthType::ah);
        }
    }
}

TEST_P(CodecRoundTrip, EveryTruncationIsBadLength) {
    const InstanceParams p = params(3);
    const auto bytes = encode(p, 100);
    for (std::size_t len = 0; len < bytes.size(); ++len) {
        const auto r = decode(std::span(bytes).first(len), p);
        ASSERT_TRUE(std::holds_alternative<DropReason>(r)) << len;
        EXPECT_EQ(std::get<DropReason>(r), DropReason::bad_length) << "length " << len;
    }
}

TEST_P(CodecRoundTrip, TrailingGarbageIsBadLength) {
    const InstanceParams p = params(1);
    auto bytes = encode(p, 100);
    bytes.push_back(0);
    EXPECT_EQ(std::get<DropReason>(decode(bytes, p)), DropReason::bad_length);
}

TEST_P(CodecRoundTrip, AddressOrderDoesNotMatter) {
    InstanceParams sender = params(3);
    InstanceParams receiver = sender;
    std::swap(receiver.addresses[0], receiver.addresses[2]);
    EXPECT_TRUE(std::holds_alternative<Advert>(decode(encode(sender, 100), receiver)));
}

INSTANTIATE_TEST_SUITE_P(
    AllCombinations, CodecRoundTrip,
    ::testing::Values(Case{"v2_ipv4_none", Version::v2, Family::ipv4, AuthType::none},
                      Case{"v2_ipv4_pass", Version::v2, Family::ipv4, AuthType::pass},
                      Case{"v2_ipv4_ah", Version::v2, Family::ipv4, AuthType::ah},
                      Case{"v3_ipv4", Version::v3, Family::ipv4, AuthType::none},
                      Case{"v2_ipv6", Version::v2, Family::ipv6, AuthType::none},
                      Case{"v3_ipv6", Version::v3, Family::ipv6, AuthType::none}),
    [](const auto& info) { return info.param.name; });

TEST(CodecParams, RejectsWhatCannotBeEncoded) {
    auto p = test::v2_params();
    EXPECT_FALSE(check_params(p, Family::ipv4));
    p.advert_interval = Centiseconds(150);
    EXPECT_TRUE(check_params(p, Family::ipv4));  // v2 needs whole seconds
    p = test::v3_params(Family::ipv4);
    p.auth_type = AuthType::pass;
    EXPECT_TRUE(check_params(p, Family::ipv4));  // no auth in v3
    p = test::v3_params(Family::ipv4);
    p.advert_interval = Centiseconds(4096);
    EXPECT_TRUE(check_params(p, Family::ipv4));
    p = test::v3_params(Family::ipv4);
    EXPECT_TRUE(check_params(p, Family::ipv6));  // IPv4 VIP on an IPv6 instance
    p.vrid = 0;
    EXPECT_TRUE(check_params(p, Family::ipv4));
    p = test::v2_params(AuthType::pass);
    p.addresses = {test::ip("2001:db8::1")};
    EXPECT_TRUE(check_params(p, Family::ipv6));  // no auth over IPv6
    EXPECT_THROW(encode_ipv6(p, 100, test::envelope6()), std::invalid_argument);
    EXPECT_THROW(encode_ipv4(test::v2_params(), 100, {test::ip("::1")}), std::invalid_argument);
}

}  // namespace
}  // namespace routerd::vrrp
