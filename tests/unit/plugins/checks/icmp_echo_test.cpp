#include "icmp_echo.hpp"

#include <gtest/gtest.h>

using namespace routerd::checks::ping;
using Bytes = std::vector<uint8_t>;

TEST(IcmpEcho, ChecksumOfRfc1071Example) {
    // RFC 1071 §3: the sum of 0001 f203 f4f5 f6f7 is ddf2; the checksum its complement.
    EXPECT_EQ(internet_checksum(Bytes{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}), 0x220d);
    EXPECT_EQ(internet_checksum(Bytes{0x01}), 0xfeff);  // odd length: padded with zero
}

TEST(IcmpEcho, RequestsVerifyToZero) {
    const Bytes payload{'a', 'b', 'c'};
    const Bytes v4 = build_echo_request(false, 0x1234, 7, payload);
    EXPECT_EQ(v4[0], 8);
    EXPECT_EQ(internet_checksum(v4), 0);  // a correct checksum sums to all ones
    const Bytes v6 = build_echo_request(true, 0x1234, 7, payload);
    EXPECT_EQ(v6[0], 128);
    EXPECT_EQ(v6[2], 0);  // the kernel fills ICMPv6's checksum
    EXPECT_EQ(v6.size(), 11u);
}

TEST(IcmpEcho, RepliesAreRecognised) {
    Bytes reply = build_echo_request(false, 0x1234, 7, {});
    reply[0] = 0;
    const auto parsed = parse_echo_reply(reply, false, false);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->identifier, 0x1234);
    EXPECT_EQ(parsed->sequence, 7);

    Bytes with_ip(20, 0);
    with_ip[0] = 0x45;
    with_ip.insert(with_ip.end(), reply.begin(), reply.end());
    EXPECT_TRUE(parse_echo_reply(with_ip, false, true));

    Bytes v6 = build_echo_request(true, 1, 2, {});
    v6[0] = 129;
    EXPECT_EQ(parse_echo_reply(v6, true, true)->sequence, 2);  // no IP header for ICMPv6
}

TEST(IcmpEcho, OtherMessagesAreNotReplies) {
    EXPECT_FALSE(parse_echo_reply(build_echo_request(false, 1, 1, {}), false, false));  // request
    const Bytes unreachable{3, 3, 0, 0, 0, 0, 0, 0};
    EXPECT_FALSE(parse_echo_reply(unreachable, false, false));
    EXPECT_FALSE(parse_echo_reply(Bytes{0, 0, 0}, false, false));  // short
    EXPECT_FALSE(parse_echo_reply(Bytes{}, false, true));
    EXPECT_FALSE(parse_echo_reply(Bytes{0x4f, 0, 0, 0}, false, true));  // IHL past the end
    EXPECT_FALSE(parse_echo_reply(Bytes(28, 0), false, true));          // not IPv4
}
