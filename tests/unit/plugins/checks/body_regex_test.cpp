#include "body_regex.hpp"

#include <gtest/gtest.h>

using namespace routerd::checks::http;

namespace {

BodyRegex compiled(const std::string& pattern, BodyRegex::Options options = {}) {
    std::string error;
    std::optional<BodyRegex> regex = BodyRegex::compile(pattern, options, &error);
    EXPECT_TRUE(regex) << error;
    return std::move(*regex);
}

std::string refusal(const std::string& pattern) {
    std::string error;
    EXPECT_FALSE(BodyRegex::compile(pattern, {}, &error));
    return error;
}

}  // namespace

TEST(BodyRegex, FindsTheLeftmostMatch) {
    const BodyRegex regex = compiled("status: (ok|up)");
    EXPECT_EQ(regex.find("x status: up\nstatus: ok\n"), 2u);
    EXPECT_EQ(regex.find("a+ status: ok"), 3u);
    EXPECT_FALSE(regex.find("status: down"));
    EXPECT_EQ(compiled("a+").find("baaa"), 1u);
}

TEST(BodyRegex, SearchesFromAnOffset) {
    const BodyRegex regex = compiled("ok");
    EXPECT_EQ(regex.find("ok ok", 1), 3u);
    EXPECT_FALSE(regex.find("ok", 1));
    EXPECT_FALSE(regex.find("ok", 3));  // beyond the body
    // The byte before the offset is seen: no word boundary inside "took".
    EXPECT_FALSE(compiled("\\bok").find("took", 2));
    EXPECT_EQ(compiled("\\bok").find("t ok", 2), 2u);
}

TEST(BodyRegex, OptionsCaselessAndMultiline) {
    EXPECT_FALSE(compiled("healthy").find("HEALTHY"));
    EXPECT_EQ(compiled("healthy", {.caseless = true}).find("HEALTHY"), 0u);
    EXPECT_FALSE(compiled("^up$").find("state\nup\n"));
    EXPECT_EQ(compiled("^up$", {.multiline = true}).find("state\nup\n"), 6u);
}

TEST(BodyRegex, RefusesWhatItCannotMatch) {
    EXPECT_NE(refusal("(unclosed").find("is not a regular expression"), std::string::npos);
    // Valid only once wrapped in the search prefix's group: refused all the same.
    EXPECT_NE(refusal("a)(b").find("is not a regular expression"), std::string::npos);
    EXPECT_EQ(refusal("(a)\\1"), "'(a)\\1' uses back-references, which routerd does not match");
}

TEST(BodyRegex, HostileBodiesCostLinearTime) {
    // One 1 MiB line: the depth-first executor overflows the stack on these and backtracks
    // quadratically; the polynomial one finishes (the test would crash or hang otherwise).
    const std::string body(1 << 20, 'a');
    EXPECT_FALSE(compiled(".*x").find(body));
    EXPECT_FALSE(compiled("(a|b)*x").find(body));
    EXPECT_EQ(compiled("a*$").find(body), 0u);
}

TEST(RegexCheck, OffsetsBoundWhereTheMatchStarts) {
    RegexCheck check(compiled("ok"));
    EXPECT_FALSE(check.failure("....ok"));
    check.min_offset = 5;
    EXPECT_EQ(check.failure("....ok"), "body does not match regex 'ok'");
    check.min_offset = 4;
    check.max_offset = 4;  // inclusive, as keepalived
    EXPECT_FALSE(check.failure("....ok"));
    EXPECT_EQ(check.failure(".....ok"), "body does not match regex 'ok' at or before offset 4");
    // The leftmost match decides: a later one past max_offset does not hide it.
    check.min_offset = 0;
    EXPECT_FALSE(check.failure("..ok....ok"));
}

TEST(RegexCheck, NoMatchInvertsTheVerdict) {
    RegexCheck check(compiled("error"));
    check.no_match = true;
    EXPECT_FALSE(check.failure("all good"));
    EXPECT_EQ(check.failure("an error"), "body matches regex 'error' at offset 3 (regex_no_match)");
    check.max_offset = 2;  // a match past max_offset is no match
    EXPECT_FALSE(check.failure("an error"));
}
