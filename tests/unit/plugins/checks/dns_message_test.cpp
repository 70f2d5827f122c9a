#include "dns_message.hpp"

#include <gtest/gtest.h>

using namespace routerd::checks::dns;
using Kind = ReplyVerdict::Kind;
using Bytes = std::vector<uint8_t>;

namespace {

constexpr uint16_t kA = 1;
constexpr uint16_t kSoa = 6;

// A reply to `query`: QR set, the given rcode, the question echoed, and `answers` A records
// for the question's name (a compression pointer to offset 12).
Bytes reply_to(Bytes query, int rcode, int answers) {
    query[2] |= 0x80;
    query[3] = static_cast<uint8_t>((query[3] & 0xf0) | rcode);
    query[7] = static_cast<uint8_t>(answers);
    for (int i = 0; i < answers; ++i) {
        const Bytes record{0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1};
        query.insert(query.end(), record.begin(), record.end());
    }
    return query;
}

Bytes query(const std::string& name, uint16_t type, uint16_t id) {
    std::string error;
    return build_query(name, type, id, &error).value();
}

}  // namespace

TEST(DnsMessage, QueryTypesAreKeepalivedsList) {
    EXPECT_EQ(query_type("A"), 1);
    EXPECT_EQ(query_type("soa"), 6);
    EXPECT_EQ(query_type("AAAA"), 28);
    EXPECT_EQ(query_type("TXT"), 16);
    EXPECT_FALSE(query_type("ANY"));
    EXPECT_FALSE(query_type(""));
    EXPECT_FALSE(query_type("AA"));
}

TEST(DnsMessage, QueryCarriesIdFlagsAndQuestion) {
    const Bytes q = query("example.com", kA, 0x1234);
    const Bytes expected{0x12, 0x34, 0x01, 0x00, 0,   1,   0,   0,   0, 0,   0,   0,  // header, RD
                         7,    'e',  'x',  'a',  'm', 'p', 'l', 'e', 3, 'c', 'o', 'm',
                         0,    0,    1,    0,    1};  // type A, class IN
    EXPECT_EQ(q, expected);
    EXPECT_EQ(query(".", kSoa, 1).size(), 12u + 1 + 4);  // the root name is one zero octet
}

TEST(DnsMessage, InvalidNamesAreRefused) {
    std::string error;
    EXPECT_FALSE(build_query(std::string(64, 'a') + ".com", kA, 1, &error));  // label > 63
    EXPECT_NE(error.find("is not a valid domain name"), std::string::npos);
    EXPECT_FALSE(build_query("a..b", kA, 1, &error));
}

TEST(DnsMessage, NoErrorWithAnAnswerPasses) {
    const Bytes q = query("example.com", kA, 7);
    EXPECT_EQ(judge_reply(reply_to(q, 0, 1), 7, "example.com", kA).kind, Kind::kPass);
    EXPECT_EQ(judge_reply(reply_to(q, 0, 2), 7, "EXAMPLE.com.", kA).kind, Kind::kPass);
}

TEST(DnsMessage, FailuresSayWhy) {
    const Bytes q = query("example.com", kA, 7);
    EXPECT_EQ(judge_reply(reply_to(q, 0, 0), 7, "example.com", kA).reason, "no answer records");
    EXPECT_EQ(judge_reply(reply_to(q, 3, 0), 7, "example.com", kA).reason, "RCODE 3 (NXDOMAIN)");
    EXPECT_EQ(judge_reply(reply_to(q, 2, 1), 7, "example.com", kA).reason, "RCODE 2");
    EXPECT_EQ(judge_reply(q, 7, "example.com", kA).reason, "not a response");
    EXPECT_EQ(judge_reply(reply_to(q, 0, 1), 7, "example.org", kA).kind, Kind::kFail);
    EXPECT_EQ(judge_reply(reply_to(q, 0, 1), 7, "example.com", kSoa).kind, Kind::kFail);
}

TEST(DnsMessage, AnotherIdIsNotOurs) {
    const Bytes q = query("example.com", kA, 7);
    EXPECT_EQ(judge_reply(reply_to(q, 0, 1), 8, "example.com", kA).kind, Kind::kNotOurs);
}

TEST(DnsMessage, TruncatedAndGarbageRepliesFail) {
    const Bytes good = reply_to(query("example.com", kA, 7), 0, 1);
    for (size_t length = 0; length < good.size(); ++length) {
        const Bytes cut(good.begin(), good.begin() + static_cast<long>(length));
        EXPECT_NE(judge_reply(cut, 7, "example.com", kA).kind, Kind::kPass) << length;
    }
    Bytes loop = good;
    loop[12] = 0xc0;  // the question's name points at itself
    loop[13] = 0x0c;
    EXPECT_EQ(judge_reply(loop, 7, "example.com", kA).kind, Kind::kFail);
}
