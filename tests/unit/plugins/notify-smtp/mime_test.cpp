// Quoted-printable bodies, RFC 2047 subjects and header folding.
#include "mime.hpp"

#include <gtest/gtest.h>

#include <string>

namespace routerd::smtp {
namespace {

// Test-only decoders, to check that encoding loses nothing.
std::string qp_decode(std::string_view encoded) {
    std::string out;
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (encoded.substr(i, 3) == "=\r\n") {
            i += 2;
        } else if (encoded[i] == '=') {
            out += static_cast<char>(std::stoi(std::string(encoded.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += encoded[i];
        }
    }
    return out;
}

std::string base64_decode(std::string_view text) {
    static constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (const char c : text) {
        if (c == '=') {
            break;
        }
        bits = (bits << 6) | static_cast<unsigned>(kAlphabet.find(c));
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xff);
        }
    }
    return out;
}

std::string decode_words(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& word : words) {
        EXPECT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?=")) << word;
        EXPECT_LE(word.size(), 75u) << "RFC 2047 §2";
        out += base64_decode(std::string_view(word).substr(10, word.size() - 12));
    }
    return out;
}

bool is_utf8_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

TEST(QuotedPrintable, PlainTextStaysReadable) {
    EXPECT_EQ(quoted_printable_encode("VRRP Instance VI_1: Entering MASTER state\n"),
              "VRRP Instance VI_1: Entering MASTER state\r\n");
}

TEST(QuotedPrintable, EncodesEqualsNonAsciiAndControls) {
    EXPECT_EQ(quoted_printable_encode("a=b caf\xc3\xa9 \x01\n"), "a=3Db caf=C3=A9 =01\r\n");
}

TEST(QuotedPrintable, TrailingWhitespaceIsEncoded) {
    EXPECT_EQ(quoted_printable_encode("end \nend\t\n in side \n"),
              "end=20\r\nend=09\r\n in side=20\r\n");
}

TEST(QuotedPrintable, NormalizesLineEndings) {
    EXPECT_EQ(quoted_printable_encode("a\rb\r\nc\nd"), "a\r\nb\r\nc\r\nd\r\n");
    EXPECT_EQ(quoted_printable_encode(""), "");
}

TEST(QuotedPrintable, LongLinesGetSoftBreaksAndRoundTrip) {
    std::string text;
    for (int i = 0; i < 5000; ++i) {
        text += static_cast<char>(i % 7 == 0 ? '=' : (i % 11 == 0 ? '\xc3' : 'a' + i % 26));
    }
    text += "\n" + std::string(76, 'x') + "\n" + std::string(75, 'y') + " \n";
    const std::string encoded = quoted_printable_encode(text);
    std::size_t start = 0;
    for (std::size_t end = encoded.find("\r\n"); end != std::string::npos;
         end = encoded.find("\r\n", start = end + 2)) {
        EXPECT_LE(end - start, 76u) << "RFC 2045 §6.7 (5)";
    }
    EXPECT_EQ(encoded.find_first_of("\x80\xc3"), std::string::npos) << "7-bit clean";
    std::string expected;
    for (const char c : text) {
        expected += c == '\n' ? std::string("\r\n") : std::string(1, c);
    }
    EXPECT_EQ(qp_decode(encoded), expected);
}

TEST(QuotedPrintable, ExactlySeventySixOctetsNeedNoBreak) {
    EXPECT_EQ(quoted_printable_encode(std::string(76, 'x')), std::string(76, 'x') + "\r\n");
    EXPECT_EQ(quoted_printable_encode(std::string(77, 'x')), std::string(75, 'x') + "=\r\nxx\r\n");
}

TEST(HeaderField, FoldsBeforeAWordPastSeventyEightOctets) {
    const std::vector<std::string> words = {"a12345678901@example.com,",
                                            "b12345678901@example.com,",
                                            "c12345678901@example.com,", "d@example.com"};
    EXPECT_EQ(header_field("To", words),
              "To: a12345678901@example.com, b12345678901@example.com,\r\n"
              " c12345678901@example.com, d@example.com\r\n");
}

TEST(HeaderField, NeverFoldsBeforeTheFirstWord) {
    const std::string word(90, 'x');
    EXPECT_EQ(header_field("Subject", std::vector{word}), "Subject: " + word + "\r\n");
}

TEST(UnstructuredWords, AsciiIsSplitAtSpaces) {
    EXPECT_EQ(unstructured_words("[LVS1] VRRP  Instance"),
              (std::vector<std::string>{"[LVS1]", "VRRP", "", "Instance"}));
}

TEST(UnstructuredWords, NonAsciiBecomesEncodedWords) {
    EXPECT_EQ(unstructured_words("\xc3\x9cn\xc3\xaf"
                                 "c\xc3\xb6"
                                 "d\xc3\xa9 router \xe2\x9a\xa0 alert"),
              std::vector<std::string>{"=?UTF-8?B?w5xuw69jw7Zkw6kgcm91dGVyIOKaoCBhbGVydA==?="});
}

TEST(UnstructuredWords, WhatCouldBeMisreadIsEncoded) {
    for (const std::string& text : {std::string("looks like =?UTF-8?B?eA==?="),
                                    std::string("inject\r\nBcc: x@y"), std::string(80, 'z')}) {
        const auto words = unstructured_words(text);
        EXPECT_EQ(decode_words(words), text);
    }
}

TEST(UnstructuredWords, EncodedWordsNeverSplitACharacter) {
    std::string text;
    for (int i = 0; i < 100; ++i) {
        text += i % 3 == 0 ? "\xe2\x9a\xa0" : (i % 3 == 1 ? "\xc3\xa9" : "x");
    }
    const auto words = unstructured_words(text);
    EXPECT_GT(words.size(), 3u);
    for (const std::string& word : words) {
        const std::string decoded = decode_words({word});
        EXPECT_FALSE(is_utf8_continuation(decoded.front())) << word;
    }
    EXPECT_EQ(decode_words(words), text);
    const std::string header = header_field("Subject", words);
    std::size_t start = 0;
    for (std::size_t end = header.find("\r\n"); end != std::string::npos;
         end = header.find("\r\n", start = end + 2)) {
        EXPECT_LE(end - start, 78u);
    }
}

}  // namespace
}  // namespace routerd::smtp
