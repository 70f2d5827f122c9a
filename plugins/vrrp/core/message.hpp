// The VRRP message itself (RFC 3768 §5.1, RFC 5798 §5.1), independent of the IP framing.
#pragma once

#include <cstdint>
#include <span>

#include "packet.hpp"

namespace routerd::vrrp {

inline constexpr std::size_t kFixedHeaderLength = 8;
inline constexpr std::size_t kAuthDataLength = 8;  // VRRPv2 over IPv4 only
inline constexpr std::uint8_t kTypeAdvertisement = 1;

// Keepalived's VRRPv2-over-IPv6 omits the authentication data, as VRRPv3 does.
bool has_auth_data(Version version, Family family);
std::size_t message_length(Version version, Family family, std::size_t address_count);

// Writes the message for `params` with `priority` into `out` (exactly message_length() bytes)
// and fills in the checksum; `source`/`destination` feed the pseudo-header where one is used.
void write_message(std::span<std::uint8_t> out, const InstanceParams& params, std::uint8_t priority,
                   const IpAddress& source, const IpAddress& destination);

// The pseudo-header's destination of an IPv4 VRRPv3 checksum: `destination`, or the multicast
// group for a unicast advert with the old checksum (packet.hpp OldUnicastChecksum).
const IpAddress& checksum_destination(const InstanceParams& params, const IpAddress& destination,
                                      bool old_unicast_checksum);

// The checksum over `message` as received: 0 when it is correct. VRRPv2 over IPv4 covers the
// message only; VRRPv3 and IPv6 add the pseudo-header (RFC 5798 §5.2.8, RFC 8200 §8.1).
std::uint16_t message_checksum(Version version, std::span<const std::uint8_t> message,
                               const IpAddress& source, const IpAddress& destination);

}  // namespace routerd::vrrp
