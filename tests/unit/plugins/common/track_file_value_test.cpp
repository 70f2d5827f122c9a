// keepalived.conf(5) "Track files", read as Keepalived's strtol(buf, NULL, 0) reads them.
#include "routerd/common/track_file_value.hpp"

#include <gtest/gtest.h>

#include <string>

namespace routerd::common {
namespace {

TEST(ParseTrackFileValue, ReadsANumberLikeStrtolBase0) {
    EXPECT_EQ(parse_track_file_value("5\n"), 5);
    EXPECT_EQ(parse_track_file_value("0\n"), 0);
    EXPECT_EQ(parse_track_file_value("  42 \r\n"), 42);
    EXPECT_EQ(parse_track_file_value("  -12\n"), -12);
    EXPECT_EQ(parse_track_file_value("-7"), -7);
    EXPECT_EQ(parse_track_file_value("+7"), 7);
    EXPECT_EQ(parse_track_file_value("0x10"), 16);
    EXPECT_EQ(parse_track_file_value("010"), 8);
}

TEST(ParseTrackFileValue, WhatFollowsTheNumberIsIgnored) {
    EXPECT_EQ(parse_track_file_value("12abc"), 12);
    EXPECT_EQ(parse_track_file_value("1 2"), 1);
    EXPECT_EQ(parse_track_file_value("1.5"), 1);
}

TEST(ParseTrackFileValue, NoNumberIsZero) {
    EXPECT_EQ(parse_track_file_value(""), 0);
    EXPECT_EQ(parse_track_file_value("abc"), 0);
    EXPECT_EQ(parse_track_file_value("\n"), 0);
    EXPECT_EQ(parse_track_file_value("--1"), 0);
}

TEST(ParseTrackFileValue, AcceptsKeepalivedsRangeAndIgnoresBeyondIt) {
    EXPECT_EQ(parse_track_file_value("2147483648"), 2147483648);  // INT32_MAX + 1
    EXPECT_EQ(parse_track_file_value("-2147483648"), -2147483648);
    EXPECT_EQ(parse_track_file_value("2147483649"), std::nullopt);
    EXPECT_EQ(parse_track_file_value("-2147483649"), std::nullopt);
    EXPECT_EQ(parse_track_file_value("99999999999999999999999"), std::nullopt);
}

TEST(ParseTrackFileValue, OnlyTheFirst127BytesCount) {
    EXPECT_EQ(parse_track_file_value(std::string(126, ' ') + "5"), 5);
    EXPECT_EQ(parse_track_file_value(std::string(127, ' ') + "5"), 0);
}

TEST(HoldsANumber, WhenStrtolFindsDigits) {
    for (const char* number : {"0", " 7\n", "-3", "+3", "0x1f", "12abc", "1 2", "1.5"})
        EXPECT_TRUE(holds_a_number(number)) << number;
    for (const char* none : {"", " \n", "abc", "lots\n", "--1", "- 1", "x1"})
        EXPECT_FALSE(holds_a_number(none)) << none;
    EXPECT_FALSE(holds_a_number(std::string(127, ' ') + "5"));
}

}  // namespace
}  // namespace routerd::common
