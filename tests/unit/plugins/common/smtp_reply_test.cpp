// The incremental reply parser (RFC 5321 §4.2).
#include "routerd/common/smtp_reply.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace routerd::smtp {
namespace {

// Every reply in `bytes`, fed in chunks cut at `cuts`; the error, if any, last.
struct Parsed {
    std::vector<Reply> replies;
    std::string error;
};

Parsed parse_all(std::string_view bytes, const std::vector<std::size_t>& cuts = {},
                 ReplyLimits limits = {}) {
    ReplyParser parser(limits);
    Parsed parsed;
    std::size_t start = 0;
    std::vector<std::size_t> ends = cuts;
    ends.push_back(bytes.size());
    for (const std::size_t end : ends) {
        std::string_view chunk = bytes.substr(start, end - start);
        start = end;
        for (;;) {
            const auto status = parser.parse(chunk);
            if (status == ReplyParser::Status::kError) {
                parsed.error = parser.error();
                return parsed;
            }
            if (status == ReplyParser::Status::kNeedMore) {
                break;
            }
            parsed.replies.push_back(parser.reply());
        }
    }
    return parsed;
}

bool same(const Reply& a, const Reply& b) {
    return a.code == b.code && a.lines == b.lines;
}

TEST(ReplyParser, SingleLine) {
    const Parsed parsed = parse_all("220 mx.example.com ESMTP ready\r\n");
    ASSERT_EQ(parsed.replies.size(), 1u);
    EXPECT_EQ(parsed.replies[0].code, 220);
    EXPECT_EQ(parsed.replies[0].reply_class(), 2);
    EXPECT_EQ(parsed.replies[0].lines, std::vector<std::string>{"mx.example.com ESMTP ready"});
    EXPECT_EQ(parsed.replies[0].summary(), "220 mx.example.com ESMTP ready");
}

TEST(ReplyParser, MultiLine) {
    const Parsed parsed = parse_all("250-mx.example.com\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n");
    ASSERT_EQ(parsed.replies.size(), 1u);
    EXPECT_EQ(parsed.replies[0].lines,
              (std::vector<std::string>{"mx.example.com", "SIZE 10240000", "STARTTLS"}));
    EXPECT_EQ(parsed.replies[0].summary(), "250 mx.example.com / SIZE 10240000 / STARTTLS");
}

TEST(ReplyParser, CodeWithoutText) {
    const Parsed parsed = parse_all("250\r\n354-\r\n354 \r\n");
    ASSERT_EQ(parsed.replies.size(), 2u);
    EXPECT_EQ(parsed.replies[0].lines, std::vector<std::string>{""});
    EXPECT_EQ(parsed.replies[1].lines, (std::vector<std::string>{"", ""}));
}

TEST(ReplyParser, BareLineFeedAndCrLfMixed) {
    const Parsed parsed = parse_all("250-a\n250-b\r\n250 c\n");
    ASSERT_EQ(parsed.replies.size(), 1u);
    EXPECT_EQ(parsed.replies[0].lines, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ReplyParser, SameResultWhereverTheBytesAreCut) {
    const std::string bytes = "250-mx\r\n250-8BITMIME\n250 AUTH PLAIN\r\n221 bye\r\n";
    const Parsed whole = parse_all(bytes);
    ASSERT_EQ(whole.replies.size(), 2u);
    for (std::size_t a = 0; a <= bytes.size(); ++a) {
        for (std::size_t b = a; b <= bytes.size(); ++b) {
            const Parsed cut = parse_all(bytes, {a, b});
            ASSERT_EQ(cut.replies.size(), 2u) << a << " " << b;
            EXPECT_TRUE(same(cut.replies[0], whole.replies[0])) << a << " " << b;
            EXPECT_TRUE(same(cut.replies[1], whole.replies[1])) << a << " " << b;
        }
    }
}

TEST(ReplyParser, StopsRightAfterAReply) {
    ReplyParser parser;
    std::string_view input = "250 ok\r\n354 go";
    EXPECT_EQ(parser.parse(input), ReplyParser::Status::kComplete);
    EXPECT_EQ(input, "354 go");
    EXPECT_EQ(parser.parse(input), ReplyParser::Status::kNeedMore);
    EXPECT_TRUE(input.empty());
}

TEST(ReplyParser, ControlCharactersAreMadeSafeToLog) {
    static constexpr char kReply[] = "550 bad\0\x1b[31m\rred\x7f\r\n";
    const Parsed parsed = parse_all(std::string_view(kReply, sizeof kReply - 1));
    ASSERT_EQ(parsed.replies.size(), 1u);
    EXPECT_EQ(parsed.replies[0].lines[0], "bad??[31m?red?");
}

TEST(ReplyParser, MalformedLines) {
    for (const std::string bad : {"\r\n", "25\r\n", "abc def\r\n", "2x0 ok\r\n", "600 x\r\n",
                                  "199 x\r\n", "260 x\r\n", "250x\r\n", "2500\r\n", " 250 x\r\n"}) {
        const Parsed parsed = parse_all(bad);
        EXPECT_TRUE(parsed.replies.empty()) << bad;
        EXPECT_TRUE(parsed.error.starts_with("malformed reply line")) << bad << parsed.error;
    }
}

TEST(ReplyParser, CodeMustNotChangeWithinAReply) {
    EXPECT_EQ(parse_all("250-a\r\n550 b\r\n").error,
              "reply code changed within a multi-line reply: \"550 b\"");
}

TEST(ReplyParser, ErrorsAreFinal) {
    ReplyParser parser;
    std::string_view bad = "junk\r\n";
    EXPECT_EQ(parser.parse(bad), ReplyParser::Status::kError);
    std::string_view good = "250 ok\r\n";
    EXPECT_EQ(parser.parse(good), ReplyParser::Status::kError);
}

TEST(ReplyParser, LineLengthLimitIsExact) {
    const ReplyLimits limits{.max_line_length = 10, .max_lines = 5};
    EXPECT_EQ(parse_all("250 678901\r\n", {}, limits).replies.size(), 1u);
    EXPECT_EQ(parse_all("250 678901\n", {}, limits).replies.size(), 1u);
    EXPECT_EQ(parse_all("250 6789012\r\n", {}, limits).error, "reply line longer than 10 octets");
    EXPECT_EQ(parse_all("250 6789012\n", {}, limits).error, "reply line longer than 10 octets");
}

TEST(ReplyParser, EndlessLineIsRefusedWithoutWaitingForItsEnd) {
    ReplyParser parser(ReplyLimits{.max_line_length = 10, .max_lines = 5});
    std::string_view first = "250 6789012";  // 11 octets: might still be 10 + CR
    EXPECT_EQ(parser.parse(first), ReplyParser::Status::kNeedMore);
    std::string_view second = "x";
    EXPECT_EQ(parser.parse(second), ReplyParser::Status::kError);
}

TEST(ReplyParser, LineCountLimitIsExact) {
    const ReplyLimits limits{.max_line_length = 100, .max_lines = 3};
    EXPECT_EQ(parse_all("250-a\r\n250-b\r\n250 c\r\n", {}, limits).replies.size(), 1u);
    EXPECT_EQ(parse_all("250-a\r\n250-b\r\n250-c\r\n250 d\r\n", {}, limits).error,
              "reply longer than 3 lines");
}

TEST(ReplyParser, LongMalformedLineIsQuotedShortly) {
    const std::string error = parse_all("x" + std::string(200, 'y') + "\r\n").error;
    EXPECT_EQ(error, "malformed reply line \"x" + std::string(39, 'y') + "...\"");
}

}  // namespace
}  // namespace routerd::smtp
