// Gratuitous ARP (RFC 5227 §3, ARP announcement) and unsolicited neighbour advertisement
// (RFC 4861 §7.2.6) messages a new master sends for its virtual addresses, so that hosts and
// switches move the address to its MAC at once. Pure: bytes out.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "types.hpp"

namespace routerd::vrrp {

using MacAddress = std::array<std::uint8_t, 6>;

// A whole Ethernet frame (broadcast): an ARP request with sender = target = `address`.
std::vector<std::uint8_t> gratuitous_arp_frame(const MacAddress& mac, const IpAddress& address);

// The ICMPv6 message (the kernel adds the IPv6 header and, for raw ICMPv6 sockets, the
// checksum): a neighbour advertisement for `address` with the Override flag and our
// link-layer address, to send to ff02::1 with hop limit 255.
std::vector<std::uint8_t> unsolicited_neighbour_advert(const MacAddress& mac,
                                                       const IpAddress& address, bool router);

}  // namespace routerd::vrrp
