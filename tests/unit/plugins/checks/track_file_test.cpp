#include "track_file.hpp"

#include <gtest/gtest.h>

#include <limits>

using namespace routerd::checks::file;

TEST(TrackFile, ParsesANumberWithBlanks) {
    std::string error;
    EXPECT_EQ(parse_value("0\n", &error), 0);
    EXPECT_EQ(parse_value("  42 \r\n", &error), 42);
    EXPECT_EQ(parse_value("-7", &error), -7);
    EXPECT_EQ(parse_value("+7", &error), 7);
}

TEST(TrackFile, RefusesWhatIsNotANumber) {
    std::string error;
    EXPECT_FALSE(parse_value("", &error));
    EXPECT_EQ(error, "the file is empty");
    EXPECT_FALSE(parse_value(" \n", &error));
    // "1 2", "1.5" and "0x10" read as 1, 1 and 16 by Keepalived's rule: see
    // tests/unit/plugins/common/track_file_value_test.cpp.
    for (const char* bad : {"abc", "lots", "--1", "99999999999999999999999", "3000000000"}) {
        EXPECT_FALSE(parse_value(bad, &error)) << bad;
        EXPECT_NE(error.find("is not a number"), std::string::npos) << bad;
    }
}

TEST(TrackFile, WeightZeroMeansZeroIsOk) {
    EXPECT_TRUE(judge(0, 0, false, false).up);
    EXPECT_FALSE(judge(1, 0, false, false).up);
    EXPECT_FALSE(judge(-1, 0, false, false).up);
    EXPECT_EQ(judge(5, 0, false, false).reason, "value 5 is not 0");
}

TEST(TrackFile, ValueTimesWeight) {
    EXPECT_TRUE(judge(10, 2, false, false).up);
    EXPECT_EQ(judge(10, 2, false, false).weight, -1);  // not dynamic
    EXPECT_EQ(judge(10, 2, false, true).weight, 20);
    EXPECT_EQ(judge(10, 2, true, true).weight, 0);  // reversed: -20, clamped
    EXPECT_TRUE(judge(10, 2, true, true).up);
    EXPECT_EQ(judge(-3, -4, false, true).weight, 12);
}

TEST(TrackFile, TooLowIsDownAndNothingOverflows) {
    constexpr int64_t kMin = std::numeric_limits<int32_t>::min();
    EXPECT_FALSE(judge(kMin, 1, false, false).up);
    EXPECT_TRUE(judge(1, 1, true, false).up);  // -1 is fine
    EXPECT_FALSE(judge(std::numeric_limits<int64_t>::max(), -2147483647, false, false).up);
    EXPECT_EQ(judge(std::numeric_limits<int64_t>::max(), 2147483647, false, true).weight,
              std::numeric_limits<int32_t>::max());
}
