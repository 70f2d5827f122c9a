#include "import/conf_tree.hpp"

#include <gtest/gtest.h>

#include "import_test_support.hpp"

namespace routerd::import {
namespace {

std::vector<Statement> tree(const std::string& text) {
    return build_tree(test::expanded(text));
}

TEST(ConfTree, BlocksOnOneLineOrManyAndBracesOnTheirOwnLine) {
    const auto top = tree(
        "virtual_ipaddress { 10.0.0.1 }\n"
        "vrrp_instance VI_1\n"
        "{\n"
        "  state MASTER\n"
        "  authentication {\n"
        "    auth_type PASS\n"
        "  }\n"
        "}\n");
    ASSERT_EQ(top.size(), 2u);
    EXPECT_TRUE(top[0].block);
    ASSERT_EQ(top[0].children.size(), 1u);
    EXPECT_EQ(top[0].children[0].keyword(), "10.0.0.1");
    EXPECT_EQ(top[1].arguments(), "VI_1");
    ASSERT_EQ(top[1].children.size(), 2u);
    EXPECT_EQ(top[1].children[1].children[0].arguments(), "PASS");
}

TEST(ConfTree, QuotesJoinWordsAndDecodeEscapes) {
    const auto words =
        split_words(SourceLine{{"k", 1, 1}, "a\" b \"c 'd e' \"x\\ty\\\"\" \\q", "", false});
    ASSERT_EQ(words.size(), 4u);
    EXPECT_EQ(words[0].text, "a b c");
    EXPECT_EQ(words[1].text, "d e");
    EXPECT_EQ(words[2].text, "x\ty\"");
    EXPECT_EQ(words[3].text, "\\q");
    EXPECT_EQ(words[1].at.column, 9);
}

TEST(ConfTree, AnUndefinedParameterKeepsItsBraces) {
    const auto top = tree("script ${UNDEF}/x\n");
    EXPECT_EQ(top[0].arguments(), "${UNDEF}/x");
}

TEST(ConfTree, CommentsGoWithTheStatementTheyDescribe) {
    const auto top = tree("# before\nrouter_id lb1 # after\n");
    ASSERT_EQ(top.size(), 1u);
    EXPECT_EQ(top[0].comments, std::vector<std::string>{"before"});
    EXPECT_EQ(top[0].trailing_comment, "after");
}

TEST(ConfTree, AStrayBraceIsAnErrorWithItsColumn) {
    try {
        tree("a {\n}\n   }\n");
        FAIL() << "no error";
    } catch (const SyntaxError& e) {
        EXPECT_EQ(e.at().text(), "test.conf:3:4");
    }
    EXPECT_THROW(tree("{\n"), SyntaxError);
}

TEST(ConfTree, AnUnclosedBlockIsReportedWhereItOpens) {
    try {
        tree("global_defs {\n  vrrp_instance X {\n  }\n");
        FAIL() << "no error";
    } catch (const SyntaxError& e) {
        EXPECT_EQ(e.at().text(), "test.conf:1:13");
        EXPECT_NE(std::string(e.what()).find("'global_defs' opened here is never closed"),
                  std::string::npos);
    }
}

TEST(ConfTree, AnUnclosedQuoteIsAnError) {
    EXPECT_THROW(tree("script \"abc\n"), SyntaxError);
}

}  // namespace
}  // namespace routerd::import
