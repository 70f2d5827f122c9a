// Why a received advertisement was not accepted, with stable names for counters.
#pragma once

#include <cstdint>
#include <string_view>

namespace routerd::vrrp {

enum class DropReason : std::uint8_t {
    ttl_or_hop_limit,          // not 255 (RFC 5798 §7.1, RFC 3768 §7.1); unicast: see UnicastPeer
    bad_length,                // truncated, or counts/lengths disagree
    bad_checksum,              // VRRP checksum (RFC 5798 §5.2.8, RFC 3768 §5.3.8)
    bad_version,               // not the receiving instance's version
    bad_type,                  // not an ADVERTISEMENT, or AH not carrying VRRP
    vrid_mismatch,             // belongs to another virtual router
    auth_type_mismatch,        // auth type (or presence of AH) differs from ours
    auth_failure,              // PASS differs, AH ICV or SPI wrong
    ah_replay,                 // AH sequence number not above the last accepted one
    address_list_mismatch,     // virtual address count or contents differ
    advert_interval_mismatch,  // VRRPv2 only: intervals must match (RFC 3768 §7.1)
    zero_advert_interval,      // an interval of 0 cannot be (RFC 5798 §5.2.7, RFC 3768 §5.3.7)
    not_unicast_peer,          // unicast mode: the source is none of the unicast_peers
    wrong_destination,         // multicast mode: not sent to the group; unicast: sent to one
    // From the instance's own source address: its own adverts never loop back (multicast
    // loop is off), so this is a forger's, or another router's that has the same address.
    own_source_address,
};

inline constexpr std::size_t kDropReasonCount = 15;

std::string_view name(DropReason reason);

}  // namespace routerd::vrrp
