#include "exit_verdict.hpp"

#include <gtest/gtest.h>

#include <cerrno>

using namespace routerd::checks::misc;
using How = ProgramEnd::How;

TEST(ExitVerdict, ZeroIsUpAnythingElseDown) {
    EXPECT_TRUE(judge({How::kExited, 0}, false).up);
    EXPECT_EQ(judge({How::kExited, 0}, false).weight, -1);
    for (int code : {1, 2, 3, 127, 255}) {
        const Verdict v = judge({How::kExited, code}, false);
        EXPECT_FALSE(v.up) << code;
        EXPECT_EQ(v.reason, "exit " + std::to_string(code));
    }
}

TEST(ExitVerdict, DynamicCodesSetTheWeight) {
    EXPECT_TRUE(judge({How::kExited, 0}, true).up);
    EXPECT_EQ(judge({How::kExited, 0}, true).weight, -1);  // unchanged
    EXPECT_FALSE(judge({How::kExited, 1}, true).up);
    for (int code = 2; code <= 255; ++code) {
        const Verdict v = judge({How::kExited, code}, true);
        EXPECT_TRUE(v.up) << code;
        EXPECT_EQ(v.weight, code - 2);
    }
}

TEST(ExitVerdict, SignalsTimeoutsAndStartFailuresAreDown) {
    EXPECT_EQ(judge({How::kSignalled, 9}, true).reason, "killed by signal 9");
    EXPECT_FALSE(judge({How::kSignalled, 9}, true).up);
    EXPECT_FALSE(judge({How::kTimedOut, 0}, true).up);
    const Verdict v = judge({How::kNotStarted, EAGAIN}, false);
    EXPECT_FALSE(v.up);
    EXPECT_NE(v.reason.find("could not start"), std::string::npos);
    // The runner's own reason, when it has one (script security's refusal), is the reason.
    EXPECT_EQ(judge({How::kNotStarted, EPERM,
                     "enable_script_security refuses /x: /srv is "
                     "writable by group 1000 (mode 0775)"},
                    false)
                  .reason,
              "could not start: enable_script_security refuses /x: /srv is writable by group "
              "1000 (mode 0775)");
}
