#include <gtest/gtest.h>

#include <string>

#include "file_value.hpp"

namespace routerd::vrrp::track {
namespace {

TEST(ParseTrackFile, ReadsANumberLikeStrtolBase0) {
    EXPECT_EQ(parse_track_file("5\n"), 5);
    EXPECT_EQ(parse_track_file("  -12\n"), -12);
    EXPECT_EQ(parse_track_file("+7"), 7);
    EXPECT_EQ(parse_track_file("0x10"), 16);
    EXPECT_EQ(parse_track_file("010"), 8);
    EXPECT_EQ(parse_track_file("12abc"), 12);
}

TEST(ParseTrackFile, NoNumberIsZero) {
    EXPECT_EQ(parse_track_file(""), 0);
    EXPECT_EQ(parse_track_file("abc"), 0);
    EXPECT_EQ(parse_track_file("\n"), 0);
}

TEST(ParseTrackFile, AcceptsKeepalivedsRangeAndIgnoresBeyondIt) {
    EXPECT_EQ(parse_track_file("2147483648"), 2147483648);  // INT32_MAX + 1
    EXPECT_EQ(parse_track_file("-2147483648"), -2147483648);
    EXPECT_EQ(parse_track_file("2147483649"), std::nullopt);
    EXPECT_EQ(parse_track_file("-2147483649"), std::nullopt);
    EXPECT_EQ(parse_track_file("99999999999999999999999"), std::nullopt);
}

TEST(ParseTrackFile, OnlyTheFirst127BytesCount) {
    EXPECT_EQ(parse_track_file(std::string(126, ' ') + "5"), 5);
    EXPECT_EQ(parse_track_file(std::string(127, ' ') + "5"), 0);
}

}  // namespace
}  // namespace routerd::vrrp::track
