// Validation steps shared by the IPv4 and IPv6 decoders (internal to the codec).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "packet.hpp"

namespace routerd::vrrp::detail {

struct Received {
    std::span<const std::uint8_t> message;  // from the VRRP header to the end of the datagram
    Family family;
    std::uint8_t ttl_or_hop_limit;
    IpAddress source;
    IpAddress destination;
};

// Destination, source (unicast) and TTL, then version, type, length, checksum and VRID, in the
// order of RFC 5798 §7.1.
std::optional<DropReason> check_header(const Received& rx, const InstanceParams& expected);

// The auth type field and PASS data of a VRRPv2 message (AH is checked by the IPv4 decoder).
std::optional<DropReason> check_v2_auth(const Received& rx, const InstanceParams& expected);

// Advert interval and the address list (compared: Advert::address_list_differs); on success
// the decoded advertisement.
DecodeResult check_body(const Received& rx, const InstanceParams& expected);

std::optional<Peek> peek_message(std::span<const std::uint8_t> message);

}  // namespace routerd::vrrp::detail
