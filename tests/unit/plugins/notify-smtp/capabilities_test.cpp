// EHLO keywords (RFC 5321 §4.1.1.1) and the extensions routerd cares about.
#include "capabilities.hpp"

#include <gtest/gtest.h>

namespace routerd::smtp {
namespace {

Capabilities from(std::vector<std::string> lines) {
    return Capabilities::from_ehlo_reply(Reply{250, std::move(lines)});
}

TEST(Capabilities, ReadsTheEhloReply) {
    const Capabilities caps =
        from({"mx.example.com greets lb1", "PIPELINING", "SIZE 10240000", "starttls",
              "AUTH PLAIN LOGIN", "8BITMIME", "ENHANCEDSTATUSCODES"});
    EXPECT_TRUE(caps.starttls());
    EXPECT_TRUE(caps.eight_bit_mime());
    EXPECT_TRUE(caps.has("pipelining"));
    EXPECT_TRUE(caps.supports_auth("plain"));
    EXPECT_TRUE(caps.supports_auth("LOGIN"));
    EXPECT_FALSE(caps.supports_auth("CRAM-MD5"));
    EXPECT_EQ(caps.size_limit(), 10240000u);
    EXPECT_EQ(caps.params("AUTH"), (std::vector<std::string>{"PLAIN", "LOGIN"}));
    EXPECT_FALSE(caps.has("mx.example.com")) << "the first line is the greeting, not a keyword";
}

TEST(Capabilities, OldStyleAuthEquals) {
    const Capabilities caps = from({"mx", "AUTH=LOGIN PLAIN"});
    EXPECT_TRUE(caps.supports_auth("LOGIN"));
    EXPECT_TRUE(caps.supports_auth("PLAIN"));
}

TEST(Capabilities, SizeWithoutALimit) {
    EXPECT_FALSE(from({"mx", "SIZE"}).size_limit());
    EXPECT_FALSE(from({"mx", "SIZE 0"}).size_limit());
    EXPECT_FALSE(from({"mx", "SIZE lots"}).size_limit());
    EXPECT_FALSE(from({"mx"}).size_limit());
}

TEST(Capabilities, NothingFromHelo) {
    const Capabilities caps;
    EXPECT_FALSE(caps.starttls());
    EXPECT_TRUE(caps.params("AUTH").empty());
}

TEST(Capabilities, BlankAndOddlySpacedLines) {
    const Capabilities caps = from({"mx", "", "  AUTH   PLAIN  "});
    EXPECT_EQ(caps.params("AUTH"), std::vector<std::string>{"PLAIN"});
}

}  // namespace
}  // namespace routerd::smtp
