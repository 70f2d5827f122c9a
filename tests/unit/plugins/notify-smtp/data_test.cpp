// The DATA payload: line endings, dot-stuffing (RFC 5321 §4.5.2), terminator.
#include "data.hpp"

#include <gtest/gtest.h>

namespace routerd::smtp {
namespace {

TEST(EncodeData, DotStuffsLinesStartingWithADot) {
    EXPECT_EQ(encode_data(".\r\n..two\r\nmid.dot\r\n. space\r\n"),
              "..\r\n...two\r\nmid.dot\r\n.. space\r\n.\r\n");
}

TEST(EncodeData, NormalizesEveryLineEndingToCrLf) {
    EXPECT_EQ(encode_data("a\nb\rc\r\nd"), "a\r\nb\r\nc\r\nd\r\n.\r\n");
}

TEST(EncodeData, BareLineEndsCannotEndTheDataEarly) {
    // "SMTP smuggling": a lone LF "." LF must not become an end-of-data indicator.
    EXPECT_EQ(encode_data("a\n.\nMAIL FROM:<x>\r\n"), "a\r\n..\r\nMAIL FROM:<x>\r\n.\r\n");
    EXPECT_EQ(encode_data("a\r.\rb"), "a\r\n..\r\nb\r\n.\r\n");
}

TEST(EncodeData, EmptyLinesSurvive) {
    EXPECT_EQ(encode_data("h: v\r\n\r\n\r\nbody\r\n"), "h: v\r\n\r\n\r\nbody\r\n.\r\n");
}

TEST(EncodeData, EmptyMessage) {
    EXPECT_EQ(encode_data(""), ".\r\n");
}

}  // namespace
}  // namespace routerd::smtp
