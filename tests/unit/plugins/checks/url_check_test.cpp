#include "url_check.hpp"

#include <gtest/gtest.h>

using namespace routerd::checks::http;

TEST(UrlCheck, Md5MatchesGenhash) {
    // RFC 1321 §A.5 test suite values.
    EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(md5_hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
}

TEST(UrlCheck, DigestsAreNormalizedToLowercase) {
    EXPECT_EQ(normalize_digest("900150983CD24FB0D6963F7D28E17F72"),
              "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_FALSE(normalize_digest("900150983cd24fb0d6963f7d28e17f7"));    // 31 digits
    EXPECT_FALSE(normalize_digest("900150983cd24fb0d6963f7d28e17f72a"));  // 33
    EXPECT_FALSE(normalize_digest("g00150983cd24fb0d6963f7d28e17f72"));
}

TEST(UrlCheck, StatusDecidesWithoutABody) {
    UrlCheck url;
    EXPECT_FALSE(url_failure(url, 204, nullptr));
    EXPECT_EQ(url_failure(url, 503, nullptr), "status 503 is not in 200-299");
}

TEST(UrlCheck, DigestMustMatchTheBody) {
    UrlCheck url;
    url.digest = "900150983cd24fb0d6963f7d28e17f72";
    const std::string good = "abc";
    const std::string bad = "abd";
    EXPECT_FALSE(url_failure(url, 200, &good));
    const auto why = url_failure(url, 200, &bad);
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("is not 900150983cd24fb0d6963f7d28e17f72"), std::string::npos);
    EXPECT_TRUE(url_failure(url, 500, &good));  // the status is checked too
}

TEST(UrlCheck, RequestFollowsHttpProtocol) {
    EXPECT_EQ(build_request("/health", "www.example.com", HttpProtocol::k11),
              "GET /health HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: routerd-check\r\n"
              "Accept: */*\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(build_request("/", "h", HttpProtocol::k10Close),
              "GET / HTTP/1.0\r\nHost: h\r\nUser-Agent: routerd-check\r\nAccept: */*\r\n"
              "Connection: close\r\n\r\n");
    EXPECT_EQ(build_request("/", "h", HttpProtocol::k10),
              "GET / HTTP/1.0\r\nHost: h\r\nUser-Agent: routerd-check\r\nAccept: */*\r\n\r\n");
}

TEST(UrlCheck, HttpProtocolNamesAreKeepalivedsOwn) {
    EXPECT_EQ(parse_http_protocol("1.0"), HttpProtocol::k10);
    EXPECT_EQ(parse_http_protocol("1.0C"), HttpProtocol::k10Close);
    EXPECT_EQ(parse_http_protocol("1.0c"), HttpProtocol::k10Close);
    EXPECT_EQ(parse_http_protocol("1.1"), HttpProtocol::k11);
    EXPECT_FALSE(parse_http_protocol("0.9"));
    EXPECT_FALSE(parse_http_protocol("2"));
    EXPECT_FALSE(parse_http_protocol("1.1C"));
}

TEST(UrlCheck, RegexNeedsTheBody) {
    UrlCheck url;
    EXPECT_FALSE(url.needs_body());
    std::string error;
    url.regex = RegexCheck(*BodyRegex::compile("healthy", {}, &error));
    EXPECT_TRUE(url.needs_body());
    const std::string good = "I am healthy";
    const std::string bad = "I am sick";
    EXPECT_FALSE(url_failure(url, 200, &good));
    EXPECT_EQ(url_failure(url, 200, &bad), "body does not match regex 'healthy'");
    EXPECT_EQ(url_failure(url, 503, &good), "status 503 is not in 200-299");
}

TEST(UrlCheck, RequestTokensRefuseInjection) {
    EXPECT_TRUE(is_request_token("/a?b=c"));
    EXPECT_FALSE(is_request_token(""));
    EXPECT_FALSE(is_request_token("/a b"));
    EXPECT_FALSE(is_request_token("/a\r\nX: y"));
    EXPECT_FALSE(is_request_token(std::string("/a\0b", 4)));
}
