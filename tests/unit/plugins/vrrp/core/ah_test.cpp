// Keepalived's AH: which fields are mutable, and the shared sequence counter.
#include <gtest/gtest.h>

#include <variant>

#include "ah_sequence.hpp"
#include "vrrp_test_util.hpp"

namespace routerd::vrrp {
namespace {

bool accepted(const test::Bytes& d, const InstanceParams& p) {
    return std::holds_alternative<Advert>(decode_ipv4(d, p));
}

TEST(Ah, TosFragmentAndHeaderChecksumAreMutable) {
    const auto p = test::v2_params(AuthType::ah);
    auto d = encode_ipv4(p, 100, test::envelope4(1));
    d[1] = 0;       // TOS rewritten
    d[6] = 0x40;    // DF set
    d[10] ^= 0xff;  // header checksum
    EXPECT_TRUE(accepted(d, p));
}

TEST(Ah, TtlIsCoveredForMulticastButMutableForUnicast) {
    auto p = test::v2_params(AuthType::ah);
    p.unicast_peers = {UnicastPeer{test::ip("192.168.1.10"), 0, 255}};
    auto to_us = test::envelope4(1);
    to_us.destination = test::ip("192.168.1.1");
    auto d = encode_ipv4(p, 100, to_us);
    d[8] = 60;
    EXPECT_TRUE(accepted(d, p));
    auto multicast_sender = test::v2_params(AuthType::ah);
    const auto m = encode_ipv4(multicast_sender, 100, to_us);
    EXPECT_FALSE(accepted(m, p));  // the sender hashed its TTL of 255, we hashed 0
}

TEST(Ah, SequenceStartsAtOneAndIncrements) {
    AhSequence s;
    EXPECT_EQ(s.next_for_send(), 1u);
    EXPECT_EQ(s.next_for_send(), 2u);
    EXPECT_EQ(s.highest(), 2u);
}

TEST(Ah, AcceptedNumbersMoveTheSharedCounter) {
    AhSequence s;
    s.on_accepted(1000);
    EXPECT_EQ(s.highest(), 1000u);
    EXPECT_EQ(s.next_for_send(), 1001u);  // a new master continues above the old one
}

TEST(Ah, LowerPriorityAdvertResyncsAboveIt) {
    AhSequence s;
    s.on_lower_priority_advert(41);
    EXPECT_EQ(s.next_for_send(), 43u);
}

TEST(Ah, CyclesAtTheEndAndResetsOnBecomingMaster) {
    AhSequence s;
    s.on_accepted(0xFFFFFFFD);
    EXPECT_EQ(s.next_for_send(), 0xFFFFFFFEu);
    EXPECT_FALSE(s.cycled());
    EXPECT_EQ(s.next_for_send(), 0xFFFFFFFEu);
    EXPECT_TRUE(s.cycled());
    s.on_become_master();
    EXPECT_FALSE(s.cycled());
    EXPECT_EQ(s.next_for_send(), 1u);
}

TEST(Ah, BecomingMasterKeepsAnUncycledCounter) {
    AhSequence s;
    s.on_accepted(5);
    s.on_become_master();
    EXPECT_EQ(s.next_for_send(), 6u);
}

}  // namespace
}  // namespace routerd::vrrp
