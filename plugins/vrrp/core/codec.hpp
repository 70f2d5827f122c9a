// Bytes <-> VRRP advertisements, for IPv4 (as a raw socket with IP_HDRINCL sees them) and IPv6
// (the VRRP payload, addresses and hop limit coming from ancillary data).
//
// What the I/O layer must do:
//  - IPv4: open a raw socket for protocol 112, or 51 when auth_type is AH (Keepalived uses
//    one socket per protocol), set IP_HDRINCL on the sending socket and send encode_ipv4()'s
//    bytes as they are: with AH the ICV covers the IP header, so the kernel must not build it.
//    Keepalived leaves the header checksum for the kernel to fill; we fill it (the kernel
//    recomputes the same value). Use a non-zero IP id (the kernel would replace 0, breaking
//    the ICV). Hand the whole datagram, IP header included, to decode_ipv4(). The TTL is 255,
//    or the unicast_ttl of an instance with unicast peers.
//  - IPv6: send encode_ipv6()'s bytes with hop limit 255 (IPV6_MULTICAST_HOPS /
//    IPV6_UNICAST_HOPS) from the source given here (IPV6_PKTINFO); the checksum is already
//    filled in (setting IPV6_CHECKSUM=6 lets the kernel recompute the same value). On receive,
//    ask for IPV6_RECVHOPLIMIT and IPV6_RECVPKTINFO and pass them with the payload.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "packet.hpp"

namespace routerd::vrrp {

inline constexpr std::size_t kIpv4HeaderLength = 20;
inline constexpr std::uint8_t kIpv4Tos = 0xc0;  // internetwork control, as Keepalived sends

// nullopt when `params` can be encoded and checked for `family`, else what is wrong.
std::optional<std::string> check_params(const InstanceParams& params, Family family);

struct Ipv4Envelope {
    IpAddress source;
    IpAddress destination = vrrp_multicast_group(Family::ipv4);
    std::uint16_t id = 1;           // IP identification; keep it non-zero
    std::uint32_t ah_sequence = 0;  // used only with AuthType::ah, see AhSequence
    // A unicast VRRPv3 checksum as Keepalived < 1.3.6 computed it (OldUnicastChecksum): its
    // pseudo-header has the multicast group as destination.
    bool old_unicast_checksum = false;
};

struct Ipv6Envelope {
    IpAddress source;
    IpAddress destination = vrrp_multicast_group(Family::ipv6);
    std::uint8_t hop_limit = kRequiredTtl;  // on receive: from IPV6_HOPLIMIT
};

// IPv4 header (+ AH) + VRRP message. Throws std::invalid_argument if check_params() fails.
std::vector<std::uint8_t> encode_ipv4(const InstanceParams& params, std::uint8_t priority,
                                      const Ipv4Envelope& envelope);
// The VRRP message (the kernel adds the IPv6 header). Throws like encode_ipv4().
std::vector<std::uint8_t> encode_ipv6(const InstanceParams& params, std::uint8_t priority,
                                      const Ipv6Envelope& envelope);

// `ah_highest_sequence`: the highest AH sequence number accepted so far (AhSequence::highest()).
DecodeResult decode_ipv4(std::span<const std::uint8_t> datagram, const InstanceParams& expected,
                         std::uint32_t ah_highest_sequence = 0);
DecodeResult decode_ipv6(std::span<const std::uint8_t> payload, const Ipv6Envelope& envelope,
                         const InstanceParams& expected);

// Cheap routing look-ups: nullopt when too short to tell or not VRRP version 2/3.
std::optional<Peek> peek_ipv4(std::span<const std::uint8_t> datagram);
std::optional<Peek> peek_ipv6(std::span<const std::uint8_t> payload);

}  // namespace routerd::vrrp
