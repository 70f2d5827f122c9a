#include "import/toml_builder.hpp"

#include <gtest/gtest.h>

namespace routerd::import {
namespace {

TEST(TomlBuilder, DurationsFromKeepalivedSeconds) {
    EXPECT_EQ(toml_duration_from_seconds("1"), "\"1s\"");
    EXPECT_EQ(toml_duration_from_seconds("0.5"), "\"500ms\"");
    EXPECT_EQ(toml_duration_from_seconds(".25"), "\"250ms\"");
    EXPECT_EQ(toml_duration_from_seconds("2.71828"), "\"2718280us\"");
    EXPECT_EQ(toml_duration_from_seconds("1.0000001"), "\"1s\"");  // microsecond resolution
    EXPECT_EQ(toml_duration_from_seconds("abc"), "");
    EXPECT_EQ(toml_duration_from_seconds("-1"), "");
    EXPECT_EQ(toml_duration_from_seconds("."), "");
    EXPECT_EQ(toml_duration_from_seconds("99999999999"), "");
}

TEST(TomlBuilder, StringsAndKeysAreEscapedOrQuoted) {
    EXPECT_EQ(toml_string("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
    EXPECT_EQ(toml_key("router_id"), "router_id");
    EXPECT_EQ(toml_key("notify-smtp"), "notify-smtp");
    EXPECT_EQ(toml_key("10.0.0.1:80"), "\"10.0.0.1:80\"");
    EXPECT_EQ(toml_key(""), "\"\"");
}

// keepalived.conf is bytes; TOML is UTF-8 and has no control characters in comments (the
// fuzzer found a lone \x01 keyword breaking the output).
TEST(TomlBuilder, BytesThatAreNotUtf8OrControlsNeverReachTheOutputRaw) {
    EXPECT_EQ(toml_string("caf\xc3\xa9 \xff\xc0\xaf \xed\xa0\x80"),
              "\"caf\xc3\xa9 \\uFFFD\\uFFFD\\uFFFD \\uFFFD\\uFFFD\\uFFFD\"");
    EXPECT_EQ(toml_string(std::string("a\0b", 3)), "\"a\\u0000b\"");
    EXPECT_EQ(visible_text("k\x01w\x7f\tok \xe2\x82\xac \xf5"),
              "k\\x01w\\x7f\tok \xe2\x82\xac \\xf5");

    TomlDocument document;
    document.header_comments.push_back("fuzz.conf:1: \x01: not a keyword");
    document.table({"global"}).set("router_id", toml_string("x")).trailing_comment = "\x1b[31m";
    EXPECT_EQ(document.render(),
              "# fuzz.conf:1: \\x01: not a keyword\n\n[global]\nrouter_id = \"x\"  # \\x1b[31m\n");
}

TEST(TomlBuilder, TablesRenderInOrderAndEmptyOnesAreLeftOut) {
    TomlDocument document;
    document.header_comments.push_back("imported");
    document.table({"ipvs"});
    TomlTable& vs = document.table({"ipvs", "virtual_server", "10.0.0.1:80"});
    vs.comments.push_back("web");
    vs.set("scheduler", toml_string("rr")).trailing_comment = "round robin";
    document.table({"global"}).set("router_id", toml_string("lb1"));
    document.table({"ipvs", "virtual_server", "10.0.0.1:80"}).set("scheduler", toml_string("wrr"));
    EXPECT_EQ(document.render(),
              "# imported\n"
              "\n"
              "# web\n"
              "[ipvs.virtual_server.\"10.0.0.1:80\"]\n"
              "scheduler = \"wrr\"  # round robin\n"
              "\n"
              "[global]\n"
              "router_id = \"lb1\"\n");
}

}  // namespace
}  // namespace routerd::import
