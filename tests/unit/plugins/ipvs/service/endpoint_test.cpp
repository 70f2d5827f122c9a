#include "routerd/ipvs/service/endpoint.h"

#include <gtest/gtest.h>

using namespace routerd::ipvs;

namespace {

std::string error_of(std::string_view text, PortRule rule = PortRule::required) {
    auto r = parse_endpoint(text, rule);
    return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "";
}

}  // namespace

TEST(Endpoint, IPv4) {
    auto r = parse_endpoint("172.16.0.100:80");
    ASSERT_TRUE(std::holds_alternative<Endpoint>(r));
    EXPECT_EQ(std::get<Endpoint>(r), (Endpoint{"172.16.0.100", 80, false}));
}

TEST(Endpoint, IPv6InBracketsIsCanonicalised) {
    auto r = parse_endpoint("[2001:DB8:0::1]:443");
    ASSERT_TRUE(std::holds_alternative<Endpoint>(r));
    EXPECT_EQ(std::get<Endpoint>(r), (Endpoint{"2001:db8::1", 443, true}));
}

TEST(Endpoint, Refusals) {
    EXPECT_EQ(error_of("172.16.0.100"),
              "'172.16.0.100' is not address:port (IPv6 goes in brackets)");
    EXPECT_EQ(error_of("2001:db8::1:80"),
              "'2001:db8::1:80' is not address:port (IPv6 goes in brackets)");
    EXPECT_EQ(error_of("[2001:db8::1]80"), "'[2001:db8::1]80' is not [IPv6]:port");
    EXPECT_EQ(error_of("[2001:db8::1"), "'[2001:db8::1' is not [IPv6]:port");
    EXPECT_EQ(error_of("[2001:db8::1]"), "'[2001:db8::1]' is not [IPv6]:port");
    EXPECT_EQ(error_of("172.16.0.100:0"), "'0' is not a port (1..65535)");
    EXPECT_EQ(error_of("172.16.0.100:65536"), "'65536' is not a port (1..65535)");
    EXPECT_EQ(error_of("172.16.0.100:8x"), "'8x' is not a port (1..65535)");
    EXPECT_EQ(error_of("172.16.0.100:"), "'' is not a port (1..65535)");
    EXPECT_EQ(error_of("300.1.1.1:80"), "'300.1.1.1' is not an IPv4 address");
    EXPECT_EQ(error_of("[172.16.0.1]:80"), "'172.16.0.1' is not an IPv6 address");
    EXPECT_EQ(error_of("web.example:80"), "'web.example' is not an IPv4 address");
}

TEST(Endpoint, WhereThePortIsOptionalItMayBeLeftOutOrZero) {
    const auto parsed = [](std::string_view text) {
        auto r = parse_endpoint(text, PortRule::optional);
        return std::holds_alternative<Endpoint>(r) ? std::get<Endpoint>(r) : Endpoint{};
    };
    EXPECT_EQ(parsed("172.16.0.100"), (Endpoint{"172.16.0.100", 0, false}));
    EXPECT_EQ(parsed("172.16.0.100:0"), (Endpoint{"172.16.0.100", 0, false}));
    EXPECT_EQ(parsed("172.16.0.100:8080"), (Endpoint{"172.16.0.100", 8080, false}));
    EXPECT_EQ(parsed("[2001:DB8::1]"), (Endpoint{"2001:db8::1", 0, true}));
    EXPECT_EQ(parsed("[2001:db8::1]:0"), (Endpoint{"2001:db8::1", 0, true}));
    const PortRule optional = PortRule::optional;
    // A bare IPv6 address stays refused: "2001:db8::1:80" would silently lose its port.
    EXPECT_EQ(error_of("2001:db8::1", optional),
              "'2001:db8::1' is not address:port or address (IPv6 goes in brackets)");
    EXPECT_EQ(error_of("[2001:db8::1]80", optional),
              "'[2001:db8::1]80' is not [IPv6]:port or [IPv6]");
    EXPECT_EQ(error_of("172.16.0.100:65536", optional), "'65536' is not a port (0..65535)");
    EXPECT_EQ(error_of("172.16.0.100:", optional), "'' is not a port (0..65535)");
    EXPECT_EQ(error_of("300.1.1.1", optional), "'300.1.1.1' is not an IPv4 address");
}

TEST(Endpoint, Netmasks) {
    EXPECT_TRUE(is_ipv4_netmask("255.255.255.255"));
    EXPECT_TRUE(is_ipv4_netmask("255.255.255.0"));
    EXPECT_TRUE(is_ipv4_netmask("255.128.0.0"));
    EXPECT_TRUE(is_ipv4_netmask("0.0.0.0"));
    EXPECT_FALSE(is_ipv4_netmask("255.0.255.0"));
    EXPECT_FALSE(is_ipv4_netmask("0.255.255.255"));
    EXPECT_FALSE(is_ipv4_netmask("255.255.255"));
    EXPECT_FALSE(is_ipv4_netmask("24"));
}
