#include "response_parser.hpp"

#include <gtest/gtest.h>

using routerd::checks::http::ResponseParser;
using State = ResponseParser::State;

namespace {

// Feeds `text` in pieces of `step` bytes; the verdict must not depend on the chunking.
State feed_in_steps(ResponseParser& parser, std::string_view text, size_t step) {
    State state = State::kNeedMore;
    for (size_t at = 0; at < text.size() && state == State::kNeedMore; at += step)
        state = parser.feed(text.substr(at, step));
    return state;
}

}  // namespace

TEST(ResponseParser, ContentLengthBodyInAnyChunking) {
    const std::string text =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
    for (size_t step = 1; step <= text.size(); ++step) {
        ResponseParser parser(1024);
        EXPECT_EQ(feed_in_steps(parser, text, step), State::kComplete) << step;
        EXPECT_EQ(parser.status(), 200);
        EXPECT_EQ(parser.body(), "hello");
    }
}

TEST(ResponseParser, ChunkedBodyWithExtensionsAndTrailers) {
    const std::string text =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
        "5;name=value\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: 1\r\n\r\n";
    for (size_t step = 1; step <= text.size(); ++step) {
        ResponseParser parser(1024);
        EXPECT_EQ(feed_in_steps(parser, text, step), State::kComplete) << step;
        EXPECT_EQ(parser.body(), "hello world");
    }
}

TEST(ResponseParser, BodyUntilCloseCompletesAtEndOfStream) {
    ResponseParser parser(1024);
    EXPECT_EQ(parser.feed("HTTP/1.0 404 Not Found\r\n\r\nnot here"), State::kNeedMore);
    EXPECT_TRUE(parser.headers_done());
    EXPECT_EQ(parser.status(), 404);
    EXPECT_EQ(parser.end_of_stream(), State::kComplete);
    EXPECT_EQ(parser.body(), "not here");
}

TEST(ResponseParser, BareLineFeedsAndNoReasonPhrase) {
    ResponseParser parser(1024);
    EXPECT_EQ(parser.feed("HTTP/1.1 204\nServer: x\n\n"), State::kComplete);
    EXPECT_EQ(parser.status(), 204);
}

TEST(ResponseParser, InterimResponsesAreSkipped) {
    ResponseParser parser(1024);
    EXPECT_EQ(parser.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n"
                          "Content-Length: 2\r\n\r\nok"),
              State::kComplete);
    EXPECT_EQ(parser.status(), 201);
    EXPECT_EQ(parser.body(), "ok");
}

TEST(ResponseParser, TruncatedResponsesAreErrors) {
    {
        ResponseParser parser(1024);
        parser.feed("HTTP/1.1 200 OK\r\nContent-Len");
        EXPECT_EQ(parser.end_of_stream(), State::kError);
        EXPECT_EQ(parser.error(), "the connection closed before the headers ended");
    }
    {
        ResponseParser parser(1024);
        parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
        EXPECT_EQ(parser.end_of_stream(), State::kError);
        EXPECT_EQ(parser.error(), "the connection closed before the body ended");
    }
    {
        ResponseParser parser(1024);
        parser.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
        EXPECT_EQ(parser.end_of_stream(), State::kError);
    }
    {
        ResponseParser parser(1024);
        EXPECT_EQ(parser.end_of_stream(), State::kError);  // nothing at all
    }
}

TEST(ResponseParser, OversizedBodiesAreRefused) {
    {
        ResponseParser parser(4);
        EXPECT_EQ(parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"), State::kError);
        EXPECT_NE(parser.error().find("exceeds the limit of 4"), std::string::npos);
    }
    {
        ResponseParser parser(4);
        EXPECT_EQ(parser.feed("HTTP/1.1 200 OK\r\n\r\nhello"), State::kError);
    }
    {
        ResponseParser parser(4);
        EXPECT_EQ(parser.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "3\r\nabc\r\n2\r\nde\r\n"),
                  State::kError);
    }
    {
        ResponseParser parser(4);  // exactly at the limit is fine
        EXPECT_EQ(parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd"),
                  State::kComplete);
    }
}

TEST(ResponseParser, OversizedHeadersAreRefused) {
    ResponseParser parser(1024, 64);
    EXPECT_EQ(parser.feed("HTTP/1.1 200 OK\r\nX-Long: " + std::string(100, 'a')), State::kError);
    EXPECT_NE(parser.error().find("the headers exceed 64 bytes"), std::string::npos);
}

TEST(ResponseParser, TheHeaderLimitDoesNotDependOnChunking) {
    // Found by the fuzzer: a line arriving in pieces was counted once per piece.
    const std::string text = "HTTP/1.1 200 OK\r\nX: " + std::string(50, 'a') + "\r\n\r\n";
    for (size_t step = 1; step <= text.size(); ++step) {
        ResponseParser parser(1024, text.size());
        EXPECT_EQ(feed_in_steps(parser, text, step), State::kNeedMore) << step;
        EXPECT_TRUE(parser.headers_done()) << step;
    }
}

TEST(ResponseParser, LongChunkedBodiesAreNotCutByTheHeaderLimit) {
    std::string text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 200; ++i)
        text += "1\r\nx\r\n";
    text += "0\r\n\r\n";
    ResponseParser parser(1024, 64);
    EXPECT_EQ(parser.feed(text), State::kComplete);
    EXPECT_EQ(parser.body().size(), 200u);
}

TEST(ResponseParser, MalformedResponsesAreErrors) {
    for (const char* bad :
         {"SSH-2.0-OpenSSH\r\n", "HTTP/2 200 OK\r\n", "HTTP/1.1 2000 OK\r\n", "HTTP/1.1 abc OK\r\n",
          "HTTP/1.1 700 Odd\r\n", "HTTP/1.x 200 OK\r\n", "HTTP/1.1 200 OK\r\nno colon here\r\n",
          "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n",
          "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n",
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n"}) {
        ResponseParser parser(1024);
        EXPECT_EQ(parser.feed(bad), State::kError) << bad;
        EXPECT_FALSE(parser.error().empty());
        EXPECT_EQ(parser.feed("more"), State::kError);  // stays failed
    }
}

TEST(ResponseParser, NoBodyStatusesCompleteAtTheHeaders) {
    ResponseParser parser(1024);
    EXPECT_EQ(parser.feed("HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n"),
              State::kComplete);
    EXPECT_EQ(parser.body(), "");
}
