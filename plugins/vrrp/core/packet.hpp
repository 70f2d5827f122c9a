// Decoded advertisements and the per-instance parameters the codec encodes and checks against.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "drop_reason.hpp"
#include "types.hpp"

namespace routerd::vrrp {

// A unicast_peer (keepalived.conf(5)) and the TTL / hop limit its adverts may arrive with:
// [min_ttl, max_ttl] when configured, else exactly the instance's unicast_ttl.
struct UnicastPeer {
    IpAddress address;
    std::uint8_t min_ttl = kRequiredTtl;
    std::uint8_t max_ttl = kRequiredTtl;
    bool operator==(const UnicastPeer&) const = default;
};

// What an instance sends and expects to receive.
// Keepalived before 1.3.6 computed the checksum of a unicast VRRPv3 advert over IPv4 with the
// multicast group (224.0.0.18, or vrrp_mcast_group4) as the pseudo-header's destination instead
// of the peer's address (RFC 5798 §5.2.8); keepalived.conf(5) old_unicast_checksum [never]:
//  - detect (the keyword absent): the RFC's checksum is sent; an advert that has the old one is
//    accepted too, and from then on the old one is sent (Keepalived: "Setting unicast VRRPv3
//    checksum to old version");
//  - always (the keyword): the old one is sent, and only the old one accepted;
//  - never ("never"): only the RFC's, sent and accepted.
enum class OldUnicastChecksum : std::uint8_t { detect, always, never };

struct InstanceParams {
    Version version = Version::v3;
    std::uint8_t vrid = 1;
    AuthType auth_type = AuthType::none;  // VRRPv2 over IPv4 only
    AuthKey auth_key{};                   // see make_auth_key()
    Centiseconds advert_interval{100};    // v2: whole seconds 1..255; v3: 1..4095 cs
    std::vector<IpAddress> addresses;     // the advertised addresses, in configured order
    // Unicast mode when not empty: adverts go to these peers, and only theirs are accepted
    // (unless check_unicast_source is off); the TTL is left out of the AH ICV.
    std::vector<UnicastPeer> unicast_peers;
    bool check_unicast_source = true;         // keepalived.conf(5) check_unicast_src; on here
    std::uint8_t unicast_ttl = kRequiredTtl;  // keepalived.conf(5) unicast_ttl: sent with
    // keepalived.conf(5) skip_check_adv_addr: a backup does not compare the address list of
    // adverts from the master it already follows (see address_list.hpp).
    bool skip_check_adv_addr = false;
    // Multicast mode's group: Keepalived's vrrp_mcast_group4 / vrrp_mcast_group6 ([vrrp]
    // mcast_group4 / mcast_group6); unset: 224.0.0.18 / ff02::12 (RFC 5798 §5.1.1.2, §5.1.2.2).
    std::optional<IpAddress> multicast_group;
    // keepalived.conf(5) old_unicast_checksum (see OldUnicastChecksum).
    OldUnicastChecksum old_unicast_checksum = OldUnicastChecksum::detect;
    IpAddress group(Family family) const {
        return multicast_group.value_or(vrrp_multicast_group(family));
    }
    bool unicast() const { return !unicast_peers.empty(); }
    bool operator==(const InstanceParams&) const = default;
};

struct Advert {
    Version version = Version::v3;
    std::uint8_t vrid = 0;
    std::uint8_t priority = 0;
    Centiseconds advert_interval{0};
    AuthType auth_type = AuthType::none;
    std::vector<IpAddress> addresses;
    IpAddress source;
    IpAddress destination;
    std::uint8_t ttl_or_hop_limit = 0;
    std::optional<std::uint32_t> ah_sequence;  // present when carried in AH
    // The advertised addresses are not ours (see address_list.hpp for what is done about it).
    bool address_list_differs = false;
    // Its checksum was the old unicast one (OldUnicastChecksum), accepted as detected.
    bool old_unicast_checksum = false;
};

using DecodeResult = std::variant<Advert, DropReason>;

// Version and VRID of a datagram, to route it to its instance before full validation.
struct Peek {
    Version version;
    std::uint8_t vrid;
};

}  // namespace routerd::vrrp
