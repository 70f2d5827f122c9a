// keepalived.conf(5) "Track files", read as Keepalived's strtol(buf, NULL, 0) reads them.
#include "routerd/common/track_file_value.hpp"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "test_files.hpp"

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

TEST(TrackFileType, OnlyARegularFileIsRead) {
    EXPECT_EQ(track_file_type_refusal(S_IFREG | 0644), std::nullopt);
    EXPECT_EQ(track_file_type_refusal(S_IFIFO | 0644), "is a FIFO, not a regular file");
    EXPECT_EQ(track_file_type_refusal(S_IFCHR | 0644), "is a character device, not a regular file");
    EXPECT_EQ(track_file_type_refusal(S_IFBLK | 0644), "is a block device, not a regular file");
    EXPECT_EQ(track_file_type_refusal(S_IFSOCK | 0644), "is a socket, not a regular file");
    EXPECT_EQ(track_file_type_refusal(S_IFDIR | 0755), "is a directory, not a regular file");
}

TEST(ReadTrackFile, ReadsARegularFile) {
    testing::TempDir dir;
    std::ofstream(dir / "value") << "42\n";
    const TrackFileRead read = read_track_file(dir / "value");
    EXPECT_EQ(read.status, TrackFileRead::Status::read);
    EXPECT_EQ(read.content, "42\n");
}

TEST(ReadTrackFile, ReadsNoMoreThanTheLimit) {
    testing::TempDir dir;
    std::ofstream(dir / "big") << std::string(3 * kTrackFileReadLimit, '7');
    const TrackFileRead read = read_track_file(dir / "big");
    EXPECT_EQ(read.status, TrackFileRead::Status::read);
    EXPECT_EQ(read.content, std::string(kTrackFileReadLimit, '7'));
}

// A FIFO nobody writes: reading it would wait for ever. It is refused at once instead.
TEST(ReadTrackFile, RefusesAFifoWithoutWaitingForAWriter) {
    testing::TempDir dir;
    ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0644), 0);
    const TrackFileRead read = read_track_file(dir / "fifo");
    EXPECT_EQ(read.status, TrackFileRead::Status::refused);
    EXPECT_EQ(read.error, "is a FIFO, not a regular file");
}

TEST(ReadTrackFile, RefusesADevice) {
    const TrackFileRead read = read_track_file("/dev/zero");
    EXPECT_EQ(read.status, TrackFileRead::Status::refused);
    EXPECT_EQ(read.error, "is a character device, not a regular file");
}

TEST(ReadTrackFile, AMissingFileIsMissing) {
    testing::TempDir dir;
    const TrackFileRead read = read_track_file(dir / "none");
    EXPECT_EQ(read.status, TrackFileRead::Status::missing);
    EXPECT_EQ(read.error, "No such file or directory");
}

}  // namespace
}  // namespace routerd::common
