#include "command_line.hpp"

#include <gtest/gtest.h>

using routerd::checks::misc::split_command;
using Words = std::vector<std::string>;

TEST(SplitCommand, WordsQuotesAndEscapes) {
    std::string error;
    EXPECT_EQ(split_command("/bin/check  -p 80", &error), (Words{"/bin/check", "-p", "80"}));
    EXPECT_EQ(split_command("/bin/check 'a b' \"c 'd'\"", &error),
              (Words{"/bin/check", "a b", "c 'd'"}));
    // Keepalived escapes inside single quotes too: 'no\escape' is "noescape".
    EXPECT_EQ(split_command("/bin/x a\\ b 'no\\escape' \"\"", &error),
              (Words{"/bin/x", "a b", "noescape", ""}));
    EXPECT_EQ(split_command("\t/bin/x\t", &error), (Words{"/bin/x"}));
}

TEST(SplitCommand, RefusesBrokenCommands) {
    std::string error;
    EXPECT_FALSE(split_command("", &error));
    EXPECT_EQ(error, "misc_path names no program");
    EXPECT_FALSE(split_command("/bin/x 'open", &error));
    EXPECT_EQ(error, "misc_path has an unterminated ' quote");
    EXPECT_FALSE(split_command("/bin/x \"open", &error));
    EXPECT_FALSE(split_command("/bin/x \\", &error));
    EXPECT_EQ(error, "misc_path ends with a lone backslash");
}
