#include "status_codes.hpp"

#include <gtest/gtest.h>

using routerd::checks::http::StatusCodes;

TEST(StatusCodes, DefaultIsTheSuccessClass) {
    const StatusCodes codes = StatusCodes::defaults();
    EXPECT_FALSE(codes.accepts(199));
    EXPECT_TRUE(codes.accepts(200));
    EXPECT_TRUE(codes.accepts(299));
    EXPECT_FALSE(codes.accepts(300));
    EXPECT_EQ(codes.to_string(), "200-299");
}

TEST(StatusCodes, SinglesAndRangesAsKeepalivedWritesThem) {
    StatusCodes codes;
    std::string error;
    ASSERT_TRUE(codes.add("200-299", &error));
    ASSERT_TRUE(codes.add("400-499", &error));
    ASSERT_TRUE(codes.add("503", &error));
    EXPECT_TRUE(codes.accepts(404));
    EXPECT_TRUE(codes.accepts(503));
    EXPECT_FALSE(codes.accepts(502));
    EXPECT_FALSE(codes.accepts(504));
    EXPECT_EQ(codes.to_string(), "200-299, 400-499, 503");
}

TEST(StatusCodes, RejectsWhatIsNoStatusCode) {
    for (const char* bad :
         {"", "abc", "99", "600", "200-", "-200", "300-200", "2OO", "200-299-3", "200 ", "1000"}) {
        StatusCodes codes;
        std::string error;
        EXPECT_FALSE(codes.add(bad, &error)) << bad;
        EXPECT_NE(error.find("is not a status code"), std::string::npos) << bad;
        EXPECT_TRUE(codes.empty());
    }
}
