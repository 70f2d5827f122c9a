// Where an advert may come from and go to, and with which TTL (advert_check.cpp): multicast
// instances take only what was sent to the VRRP group; unicast instances take only what their
// unicast peers sent to a unicast address, with the TTL they expect.
#include <gtest/gtest.h>

#include <variant>

#include "vrrp_test_util.hpp"

namespace routerd::vrrp {
namespace {

using test::Bytes;
using test::ip;

DecodeResult decode(const Bytes& bytes, const InstanceParams& p) {
    return decode_ipv4(bytes, p);
}

std::optional<DropReason> drop(const DecodeResult& r) {
    if (const auto* reason = std::get_if<DropReason>(&r)) return *reason;
    return std::nullopt;
}

// From 192.168.1.10 to one of our own addresses.
Ipv4Envelope to_us() {
    return Ipv4Envelope{ip("192.168.1.10"), ip("192.168.1.1"), 0x1234, 0};
}

InstanceParams unicast_params(std::string_view peer = "192.168.1.10") {
    InstanceParams p = test::v2_params();
    p.unicast_peers = {UnicastPeer{ip(peer)}};
    return p;
}

TEST(AdvertCheck, MulticastInstanceDropsAdvertsSentToAUnicastAddress) {
    const auto p = test::v2_params();
    EXPECT_EQ(drop(decode(encode_ipv4(p, 254, to_us()), p)), DropReason::wrong_destination);
    EXPECT_EQ(drop(decode(encode_ipv4(p, 254, test::envelope4()), p)), std::nullopt);

    const auto p6 = test::v3_params(Family::ipv6);
    Ipv6Envelope unicast6 = test::envelope6();
    unicast6.destination = ip("fe80::2");
    const auto bytes6 = encode_ipv6(p6, 254, unicast6);
    EXPECT_EQ(drop(decode_ipv6(bytes6, unicast6, p6)), DropReason::wrong_destination);
}

TEST(AdvertCheck, MulticastInstanceTakesOnlyItsConfiguredGroup) {
    auto p = test::v2_params();
    p.multicast_group = ip("224.0.0.19");  // [vrrp] mcast_group4
    Ipv4Envelope to_group = test::envelope4();
    to_group.destination = ip("224.0.0.19");
    EXPECT_EQ(drop(decode(encode_ipv4(p, 254, to_group), p)), std::nullopt);
    EXPECT_EQ(drop(decode(encode_ipv4(p, 254, test::envelope4()), p)),
              DropReason::wrong_destination);  // 224.0.0.18: another group's

    auto p6 = test::v3_params(Family::ipv6);
    p6.multicast_group = ip("ff02::13");
    Ipv6Envelope to_group6 = test::envelope6();
    to_group6.destination = ip("ff02::13");
    EXPECT_EQ(drop(decode_ipv6(encode_ipv6(p6, 254, to_group6), to_group6, p6)), std::nullopt);
    const Ipv6Envelope to_rfc_group6 = test::envelope6();
    EXPECT_EQ(drop(decode_ipv6(encode_ipv6(p6, 254, to_rfc_group6), to_rfc_group6, p6)),
              DropReason::wrong_destination);
}

TEST(AdvertCheck, UnicastInstanceDropsAdvertsSentToTheGroup) {
    const auto p = unicast_params();
    EXPECT_EQ(drop(decode(encode_ipv4(test::v2_params(), 100, test::envelope4()), p)),
              DropReason::wrong_destination);
}

TEST(AdvertCheck, UnicastInstanceTakesAdvertsFromItsPeersOnly) {
    auto p = unicast_params();
    EXPECT_EQ(drop(decode(encode_ipv4(p, 100, to_us()), p)), std::nullopt);
    auto stranger = to_us();
    stranger.source = ip("192.168.1.66");
    const Bytes forged = encode_ipv4(p, 254, stranger);
    EXPECT_EQ(drop(decode(forged, p)), DropReason::not_unicast_peer);
    p.check_unicast_source = false;  // Keepalived's default
    EXPECT_EQ(drop(decode(forged, p)), std::nullopt);
}

TEST(AdvertCheck, UnicastTtlIsSentAndExpected) {
    auto p = unicast_params();
    EXPECT_EQ(encode_ipv4(p, 100, to_us())[8], 255);
    Bytes d = encode_ipv4(p, 100, to_us());
    d[8] = 254;  // one router on the way, or a sender off the link
    EXPECT_EQ(drop(decode(d, p)), DropReason::ttl_or_hop_limit);
    p.check_unicast_source = false;  // the TTL still counts for a source that is no peer
    EXPECT_EQ(drop(decode(d, p)), DropReason::ttl_or_hop_limit);

    auto sender = unicast_params();
    sender.unicast_ttl = 64;
    sender.unicast_peers[0].min_ttl = sender.unicast_peers[0].max_ttl = 64;
    const Bytes sent = encode_ipv4(sender, 100, to_us());
    EXPECT_EQ(sent[8], 64);
    EXPECT_EQ(drop(decode(sent, unicast_params())), DropReason::ttl_or_hop_limit);
    EXPECT_EQ(drop(decode(sent, sender)), std::nullopt);
}

TEST(AdvertCheck, APeersTtlRangeIsInclusive) {
    auto p = unicast_params();
    p.unicast_peers[0].min_ttl = 250;
    p.unicast_peers[0].max_ttl = 254;
    Bytes d = encode_ipv4(p, 100, to_us());
    for (const auto& [ttl, accepted] :
         {std::pair{249, false}, {250, true}, {254, true}, {255, false}}) {
        d[8] = static_cast<std::uint8_t>(ttl);
        EXPECT_EQ(drop(decode(d, p)).has_value(), !accepted) << "TTL " << ttl;
    }
}

TEST(AdvertCheck, Ipv6UnicastChecksTheSourceAndHopLimit) {
    auto p = test::v3_params(Family::ipv6);
    p.unicast_peers = {UnicastPeer{ip("fe80::1")}};
    Ipv6Envelope env = test::envelope6();
    env.destination = ip("fe80::2");
    const Bytes bytes = encode_ipv6(p, 100, env);
    EXPECT_EQ(drop(decode_ipv6(bytes, env, p)), std::nullopt);
    env.hop_limit = 64;
    EXPECT_EQ(drop(decode_ipv6(bytes, env, p)), DropReason::ttl_or_hop_limit);
    p.unicast_peers = {UnicastPeer{ip("fe80::3")}};
    EXPECT_EQ(drop(decode_ipv6(bytes, test::envelope6(), p)), DropReason::wrong_destination);
    env.hop_limit = 255;
    EXPECT_EQ(drop(decode_ipv6(bytes, env, p)), DropReason::not_unicast_peer);
}

}  // namespace
}  // namespace routerd::vrrp
