// Keepalived's splitting of script strings (keepalived.conf(5), "Quoted strings").
#include "routerd/common/command_line.hpp"

#include <gtest/gtest.h>

namespace routerd::common {
namespace {

using Argv = std::vector<std::string>;

Argv split(std::string_view line) {
    std::string error;
    std::optional<Argv> argv = split_command_line(line, &error);
    EXPECT_TRUE(argv.has_value()) << line << ": " << error;
    return argv.value_or(Argv{});
}

std::string refusal(std::string_view line) {
    std::string error;
    EXPECT_FALSE(split_command_line(line, &error).has_value()) << line;
    return error;
}

TEST(SplitCommandLine, SplitsOnAnyWhitespaceRun) {
    EXPECT_EQ(split("  /bin/check  -a\t b\n"), (Argv{"/bin/check", "-a", "b"}));
    EXPECT_EQ(split("/bin/check  -p 80"), (Argv{"/bin/check", "-p", "80"}));
    EXPECT_EQ(split("\t/bin/x\t"), (Argv{"/bin/x"}));
    EXPECT_EQ(split("/bin/x\ra\fb\vc"), (Argv{"/bin/x", "a", "b", "c"}));
}

TEST(SplitCommandLine, SingleQuotesKeepSpaces) {
    EXPECT_EQ(split("/bin/echo 'a b'  c'd e'f"), (Argv{"/bin/echo", "a b", "cd ef"}));
}

TEST(SplitCommandLine, DoubleQuotesKeepSpacesToo) {
    // keepalived.conf(5): "Quoted strings are specified between \" or ' characters".
    EXPECT_EQ(split("/bin/echo \"a b\""), (Argv{"/bin/echo", "a b"}));
    EXPECT_EQ(split("/bin/check 'a b' \"c 'd'\""), (Argv{"/bin/check", "a b", "c 'd'"}));
    EXPECT_EQ(split("/bin/x 'say \"hi\"'"), (Argv{"/bin/x", "say \"hi\""}));
}

TEST(SplitCommandLine, TheManPagesExamples) {
    EXPECT_EQ(split("abcd\" efg h jkl \"mnop"), (Argv{"abcd efg h jkl mnop"}));
    EXPECT_EQ(split("abcd \"efg h jkl\" mnop"), (Argv{"abcd", "efg h jkl", "mnop"}));
}

TEST(SplitCommandLine, EmptyQuotesAreAnEmptyArgument) {
    EXPECT_EQ(split("/bin/echo '' x"), (Argv{"/bin/echo", "", "x"}));
    EXPECT_EQ(split("/bin/x \"\""), (Argv{"/bin/x", ""}));
}

TEST(SplitCommandLine, BackslashEscapesEverywhere) {
    EXPECT_EQ(split("/bin/x a\\ b"), (Argv{"/bin/x", "a b"}));
    EXPECT_EQ(split("/bin/x \\\\ \\\" \\'"), (Argv{"/bin/x", "\\", "\"", "'"}));
    // Inside quotes too (Keepalived's parser looks for the backslash in both kinds): the
    // escaped quote neither starts nor ends a quoted string.
    EXPECT_EQ(split("/bin/x 'no\\escape'"), (Argv{"/bin/x", "noescape"}));
    EXPECT_EQ(split("/bin/x 'it\\'s' \"a \\\"b\\\"\""), (Argv{"/bin/x", "it's", "a \"b\""}));
}

TEST(SplitCommandLine, KeepalivedsNamedNumericAndControlEscapes) {
    EXPECT_EQ(split("x \\a\\b\\E\\f\\n\\r\\t\\v"), (Argv{"x", "\a\b\x1b\f\n\r\t\v"}));
    EXPECT_EQ(split("x \\101\\0612 \\7"), (Argv{"x", "A12", "\x07"}));
    EXPECT_EQ(split("x \\x41\\x4a4b \\xz"), (Argv{"x", "A\x4b", "xz"}));
    EXPECT_EQ(split("x \\cA\\c[ \\c"), (Argv{"x", "\x01\x1b", "c"}));
}

TEST(SplitCommandLine, RefusesBrokenLines) {
    EXPECT_EQ(refusal(""), "names no program");
    EXPECT_EQ(refusal(" \t "), "names no program");
    EXPECT_EQ(refusal("/bin/x 'open"), "has an unterminated ' quote");
    EXPECT_EQ(refusal("/bin/echo 'oops"), "has an unterminated ' quote");
    EXPECT_EQ(refusal("/bin/x \"open"), "has an unterminated \" quote");
    EXPECT_EQ(refusal("/bin/x \\"), "ends with a lone backslash");
}

TEST(ShellCommand, IsTheLineForBinSh) {
    EXPECT_EQ(shell_command("echo a > b"), (Argv{"/bin/sh", "-c", "echo a > b"}));
}

TEST(ShellLineProgram, IsTheScriptTheLineStartsWith) {
    EXPECT_EQ(shell_line_program("/etc/routerd/up.sh rs1 UP"), "/etc/routerd/up.sh");
    EXPECT_EQ(shell_line_program("'/opt/my scripts/up.sh' x"), "/opt/my scripts/up.sh");
    // A builtin or a program looked up in PATH: the shell is what runs it.
    EXPECT_EQ(shell_line_program("echo up >> /var/log/x"), "/bin/sh");
    EXPECT_EQ(shell_line_program("logger up"), "/bin/sh");
    EXPECT_EQ(shell_line_program("'unterminated"), "/bin/sh");
}

}  // namespace
}  // namespace routerd::common
