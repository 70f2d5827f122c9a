// keepalived.conf(5) old_unicast_checksum (packet.hpp OldUnicastChecksum) on bytes: a unicast
// VRRPv3 advert over IPv4 from 192.168.1.10 to its peer 192.168.1.20 (VRID 51, priority 100,
// 100 cs, 192.168.1.100, IP id 0x1234) with RFC 5798's checksum and with the one Keepalived
// < 1.3.6 computed, its pseudo-header's destination 224.0.0.18. Both computed by an independent
// implementation (a naive RFC 1071 sum in Python).
#include <gtest/gtest.h>

#include <variant>

#include "vrrp_test_util.hpp"

namespace routerd::vrrp {
namespace {

using test::Bytes;
using test::ip;

const Bytes kRfc = {0x45, 0xc0, 0x00, 0x20, 0x12, 0x34, 0x00, 0x00, 0xff, 0x70, 0x25,
                    0x0b, 0xc0, 0xa8, 0x01, 0x0a, 0xc0, 0xa8, 0x01, 0x14, 0x31, 0x33,
                    0x64, 0x01, 0x00, 0x64, 0x24, 0x6f, 0xc0, 0xa8, 0x01, 0x64};
// The same with the old checksum: 0x0619, as the multicast advert has (kV3Ipv4).
const Bytes kOld = {0x45, 0xc0, 0x00, 0x20, 0x12, 0x34, 0x00, 0x00, 0xff, 0x70, 0x25,
                    0x0b, 0xc0, 0xa8, 0x01, 0x0a, 0xc0, 0xa8, 0x01, 0x14, 0x31, 0x33,
                    0x64, 0x01, 0x00, 0x64, 0x06, 0x19, 0xc0, 0xa8, 0x01, 0x64};

// The instance at `self`, whose one unicast peer is `peer`.
InstanceParams unicast(const char* peer, OldUnicastChecksum mode) {
    InstanceParams p = test::v3_params(Family::ipv4);
    p.unicast_peers = {UnicastPeer{ip(peer), kRequiredTtl, kRequiredTtl}};
    p.old_unicast_checksum = mode;
    return p;
}

Bytes sent(bool old) {
    Ipv4Envelope envelope{ip("192.168.1.10"), ip("192.168.1.20"), 0x1234, 0, old};
    return encode_ipv4(unicast("192.168.1.20", OldUnicastChecksum::detect), 100, envelope);
}

// What the peer at 192.168.1.20 makes of `bytes`: "old", "rfc", or the drop reason.
std::string received(const Bytes& bytes, OldUnicastChecksum mode) {
    const DecodeResult r = decode_ipv4(bytes, unicast("192.168.1.10", mode));
    if (const auto* drop = std::get_if<DropReason>(&r)) return std::string(name(*drop));
    return std::get<Advert>(r).old_unicast_checksum ? "old" : "rfc";
}

TEST(OldUnicastChecksum, EncodesTheRfcsAndTheOldChecksum) {
    EXPECT_EQ(sent(false), kRfc);
    EXPECT_EQ(sent(true), kOld);
}

TEST(OldUnicastChecksum, DetectAcceptsBothAndSaysWhichItWas) {
    EXPECT_EQ(received(kRfc, OldUnicastChecksum::detect), "rfc");
    EXPECT_EQ(received(kOld, OldUnicastChecksum::detect), "old");
}

TEST(OldUnicastChecksum, AlwaysAcceptsTheOldOneOnlyAsKeepalivedDoes) {
    EXPECT_EQ(received(kOld, OldUnicastChecksum::always), "old");
    EXPECT_EQ(received(kRfc, OldUnicastChecksum::always), "bad_checksum");
}

TEST(OldUnicastChecksum, NeverAcceptsTheRfcsOnly) {
    EXPECT_EQ(received(kRfc, OldUnicastChecksum::never), "rfc");
    EXPECT_EQ(received(kOld, OldUnicastChecksum::never), "bad_checksum");
}

TEST(OldUnicastChecksum, ACorruptChecksumIsNeitherChecksum) {
    for (const auto mode :
         {OldUnicastChecksum::detect, OldUnicastChecksum::always, OldUnicastChecksum::never}) {
        Bytes corrupt = kOld;
        corrupt[27] ^= 0x01;
        EXPECT_EQ(received(corrupt, mode), "bad_checksum");
    }
}

TEST(OldUnicastChecksum, MulticastAndVrrpv2AreNotConcerned) {
    // A multicast advert's pseudo-header has the group anyway: no "old" one to tell apart.
    Ipv4Envelope envelope = test::envelope4();
    envelope.old_unicast_checksum = true;
    InstanceParams multicast = test::v3_params(Family::ipv4);
    EXPECT_EQ(encode_ipv4(multicast, 100, envelope),
              encode_ipv4(multicast, 100, test::envelope4()));
    // VRRPv2 has no pseudo-header.
    InstanceParams v2 = test::v2_params();
    v2.unicast_peers = {UnicastPeer{ip("192.168.1.20"), kRequiredTtl, kRequiredTtl}};
    Ipv4Envelope to_peer{ip("192.168.1.10"), ip("192.168.1.20"), 0x1234, 0, true};
    Ipv4Envelope rfc = to_peer;
    rfc.old_unicast_checksum = false;
    EXPECT_EQ(encode_ipv4(v2, 100, to_peer), encode_ipv4(v2, 100, rfc));
}

}  // namespace
}  // namespace routerd::vrrp
