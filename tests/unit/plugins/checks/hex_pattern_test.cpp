#include "hex_pattern.hpp"

#include <gtest/gtest.h>

using routerd::checks::udp::HexPattern;
using Bytes = std::vector<uint8_t>;

TEST(HexPattern, KeepalivedsFreeFormat) {
    // keepalived.conf(5)'s own example.
    std::string error;
    const auto p = HexPattern::parse("Ab12f 3 456 546443123", false, &error);
    ASSERT_TRUE(p) << error;
    EXPECT_EQ(p->bytes, (Bytes{0xab, 0x12, 0x0f, 0x03, 0x45, 0x06, 0x54, 0x64, 0x43, 0x12, 0x03}));
}

TEST(HexPattern, WildcardsOnlyWhereAllowed) {
    std::string error;
    EXPECT_FALSE(HexPattern::parse("1x", false, &error));
    const auto p = HexPattern::parse("1x X2", true, &error);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->masks, (Bytes{0xf0, 0x0f}));
    EXPECT_TRUE(p->matches(Bytes{0x1f, 0xa2}));
    EXPECT_TRUE(p->matches(Bytes{0x10, 0x02, 0x99}));  // longer reply: compared up to 2
    EXPECT_TRUE(p->matches(Bytes{0x13}));              // shorter reply: compared up to 1
    EXPECT_FALSE(p->matches(Bytes{0x2f, 0xa2}));
    EXPECT_FALSE(p->matches(Bytes{0x1f, 0xa3}));
}

TEST(HexPattern, RefusesWhatIsNotHex) {
    std::string error;
    EXPECT_FALSE(HexPattern::parse("", false, &error));
    EXPECT_EQ(error, "no hex digits");
    EXPECT_FALSE(HexPattern::parse("  ", false, &error));
    EXPECT_FALSE(HexPattern::parse("12 g4", false, &error));
    EXPECT_EQ(error, "'g4' is not hex");
    EXPECT_FALSE(HexPattern::parse("123z", true, &error));
}
