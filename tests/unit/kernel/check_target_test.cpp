#include "checks/check_target.hpp"

#include <gtest/gtest.h>

using routerd::effective_target;
using routerd::HostPort;

TEST(CheckTarget, WithoutOverridesTheTargetIsProbed) {
    EXPECT_EQ(effective_target("192.0.2.1:80", std::nullopt, std::nullopt), "192.0.2.1:80");
    EXPECT_EQ(effective_target("", std::nullopt, std::nullopt), "");  // misc, file
}

TEST(CheckTarget, ConnectIpAndPortReplaceTheirPart) {
    EXPECT_EQ(effective_target("192.0.2.1:80", "192.0.2.9", std::nullopt), "192.0.2.9:80");
    EXPECT_EQ(effective_target("192.0.2.1:80", std::nullopt, 8080), "192.0.2.1:8080");
    EXPECT_EQ(effective_target("192.0.2.1:80", "2001:db8::9", 8080), "[2001:db8::9]:8080");
    EXPECT_EQ(effective_target("[2001:db8::1]:80", std::nullopt, 81), "[2001:db8::1]:81");
    EXPECT_EQ(effective_target("", "192.0.2.9", 53), "192.0.2.9:53");
    EXPECT_EQ(effective_target("192.0.2.1", std::nullopt, 7), "192.0.2.1:7");
}

TEST(CheckTarget, BadOverridesAreExplained) {
    EXPECT_THROW(effective_target("192.0.2.1:80", "192.0.2.9:81", std::nullopt),
                 std::invalid_argument);
    EXPECT_THROW(effective_target("", std::nullopt, 80), std::invalid_argument);
    EXPECT_THROW(effective_target("192.0.2.1:99999", std::nullopt, 80), std::invalid_argument);
    EXPECT_THROW(effective_target("[2001:db8::1", std::nullopt, 80), std::invalid_argument);
}

TEST(CheckTarget, HostPortRoundTrips) {
    for (const char* text : {"192.0.2.1:80", "[2001:db8::1]:80", "2001:db8::1", "192.0.2.1"})
        EXPECT_EQ(HostPort::parse(text).to_string(), text);
    EXPECT_THROW(HostPort::parse(":80"), std::invalid_argument);
    EXPECT_THROW(HostPort::parse("[::1]x"), std::invalid_argument);
}
