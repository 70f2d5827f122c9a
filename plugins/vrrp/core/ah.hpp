// The IPsec AH framing Keepalived uses for VRRPv2 "auth_type AH" (RFC 2338 §5.3.6, RFC 2402).
//
// Keepalived places a 24-byte AH header between the IPv4 header and the VRRP message:
//   next header = 112 (VRRP), payload length = 4 (32-bit words minus 2), reserved = 0,
//   SPI = the sender's IPv4 source address (network order), sequence number,
//   ICV = the first 12 bytes of HMAC-MD5 (RFC 2403).
// The HMAC key is the 8-byte auth_pass (zero-padded). The ICV covers the whole datagram with
// TOS, flags/fragment offset and the header checksum zeroed (and the TTL too when unicast
// peers are configured: Keepalived only treats it as mutable then) and the ICV field zeroed.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "types.hpp"

namespace routerd::vrrp {

inline constexpr std::size_t kAhLength = 24;
inline constexpr std::size_t kAhIcvOffset = 12;
inline constexpr std::size_t kAhIcvLength = 12;
inline constexpr std::uint8_t kAhPayloadLength = 4;

using AhIcv = std::array<std::uint8_t, kAhIcvLength>;

// Writes the AH header (zero ICV) at the start of `ah`.
void write_ah_header(std::span<std::uint8_t> ah, std::span<const std::uint8_t, 4> spi,
                     std::uint32_t sequence);

// The ICV of `datagram` whose IPv4 header is `header_length` bytes and is followed by AH.
AhIcv compute_ah_icv(std::span<const std::uint8_t> datagram, std::size_t header_length,
                     const AuthKey& key, bool unicast);

}  // namespace routerd::vrrp
