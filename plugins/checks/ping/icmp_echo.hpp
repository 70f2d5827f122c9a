#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace routerd::checks::ping {

// ICMP (RFC 792) and ICMPv6 (RFC 4443 §4) echo messages for PING_CHECK.

// An Echo Request; for IPv4 with its checksum (the kernel computes ICMPv6's, and a
// datagram ICMP socket overwrites the identifier with its own).
std::vector<uint8_t> build_echo_request(bool v6, uint16_t identifier, uint16_t sequence,
                                        std::span<const uint8_t> payload);

struct EchoReply {
    uint16_t identifier;
    uint16_t sequence;
};

// The Echo Reply in `packet`, or nullopt for anything else (another ICMP type, a short or
// malformed packet). A raw IPv4 socket delivers the IP header too (skipped by its IHL);
// datagram sockets and ICMPv6 deliver the ICMP message alone.
std::optional<EchoReply> parse_echo_reply(std::span<const uint8_t> packet, bool v6,
                                          bool with_ip_header);

// The Internet checksum (RFC 1071).
uint16_t internet_checksum(std::span<const uint8_t> data);

}  // namespace routerd::checks::ping
