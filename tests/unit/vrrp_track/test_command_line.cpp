#include <gtest/gtest.h>

#include <stdexcept>

#include "command_line.hpp"

namespace routerd::vrrp::track {
namespace {

using Argv = std::vector<std::string>;

TEST(SplitCommandLine, SplitsOnAnyWhitespaceRun) {
    EXPECT_EQ(split_command_line("  /bin/check  -a\t b\n"), (Argv{"/bin/check", "-a", "b"}));
}

TEST(SplitCommandLine, SingleQuotesKeepSpaces) {
    EXPECT_EQ(split_command_line("/bin/echo 'a b'  c'd e'f"), (Argv{"/bin/echo", "a b", "cd ef"}));
}

TEST(SplitCommandLine, EmptyQuotesAreAnEmptyArgument) {
    EXPECT_EQ(split_command_line("/bin/echo '' x"), (Argv{"/bin/echo", "", "x"}));
}

TEST(SplitCommandLine, DoubleQuotesAreOrdinaryCharacters) {
    EXPECT_EQ(split_command_line("/bin/echo \"a b\""), (Argv{"/bin/echo", "\"a", "b\""}));
}

TEST(SplitCommandLine, RejectsEmptyAndBlankLines) {
    EXPECT_THROW(split_command_line(""), std::invalid_argument);
    EXPECT_THROW(split_command_line(" \t "), std::invalid_argument);
}

TEST(SplitCommandLine, RejectsAnUnterminatedQuote) {
    EXPECT_THROW(split_command_line("/bin/echo 'oops"), std::invalid_argument);
}

}  // namespace
}  // namespace routerd::vrrp::track
