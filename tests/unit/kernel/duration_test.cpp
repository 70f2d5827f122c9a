#include "config/duration.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using routerd::parse_duration;

namespace {

std::chrono::nanoseconds ok(std::string_view text) {
    auto parsed = parse_duration(text);
    EXPECT_TRUE(std::holds_alternative<std::chrono::nanoseconds>(parsed)) << text;
    return std::get<std::chrono::nanoseconds>(parsed);
}

std::string error(std::string_view text) {
    auto parsed = parse_duration(text);
    EXPECT_TRUE(std::holds_alternative<std::string>(parsed)) << text;
    return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed) : "";
}

}  // namespace

TEST(Duration, Units) {
    EXPECT_EQ(ok("1s"), 1s);
    EXPECT_EQ(ok("150ms"), 150ms);
    EXPECT_EQ(ok("250us"), 250us);
    EXPECT_EQ(ok("10ns"), 10ns);
    EXPECT_EQ(ok("2m"), 2min);
    EXPECT_EQ(ok("1h"), 1h);
    EXPECT_EQ(ok("1d"), 24h);
}

TEST(Duration, CompoundAndFractions) {
    EXPECT_EQ(ok("1h30m"), 90min);
    EXPECT_EQ(ok("1m30s"), 90s);
    EXPECT_EQ(ok("1.5s"), 1500ms);
    EXPECT_EQ(ok("0.1s"), 100ms);
    EXPECT_EQ(ok("0s"), 0s);
}

TEST(Duration, Errors) {
    EXPECT_NE(error("").find("empty"), std::string::npos);
    EXPECT_NE(error("10").find("has no unit"), std::string::npos);
    EXPECT_NE(error("10 s").find("not a duration"), std::string::npos);
    EXPECT_NE(error("5sec").find("unknown unit 'sec'"), std::string::npos);
    EXPECT_NE(error("1..5s").find("not a duration"), std::string::npos);
    EXPECT_NE(error("s").find("not a duration"), std::string::npos);
    EXPECT_NE(error("-1s").find("not a duration"), std::string::npos);
    EXPECT_NE(error("999999999999d").find("too long"), std::string::npos);
}

// At the int64 edge a double sum rounds up to 2^63, whose conversion to int64 is undefined;
// a number too long for a double used to parse as 0.
TEST(Duration, HugeValuesAreTooLongNotWrapped) {
    EXPECT_NE(error("99999999999999h").find("too long"), std::string::npos);
    EXPECT_NE(error("9223372036854775807ns").find("too long"), std::string::npos);
    EXPECT_NE(error("9223372036854775808ns").find("too long"), std::string::npos);
    EXPECT_NE(error(std::string(400, '9') + "s").find("too long"), std::string::npos);
    EXPECT_NE(error("36500d1s").find("too long"), std::string::npos);
    EXPECT_EQ(std::get<std::chrono::nanoseconds>(parse_duration("36500d")),
              std::chrono::hours(24 * 36500));
}
