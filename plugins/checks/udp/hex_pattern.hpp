#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::checks::udp {

// keepalived.conf(5) UDP_CHECK HEX_STR: blank-separated groups of hex digits, each group
// read two digits to a byte with a final odd digit as a byte of its own ("Ab12f 3 456" is
// AB 12 0F 03 45 06). In a require_reply pattern an X digit matches any nibble.
struct HexPattern {
    std::vector<uint8_t> bytes;
    std::vector<uint8_t> masks;  // 0xff, 0xf0, 0x0f or 0x00 per byte: the bits that must match

    static std::optional<HexPattern> parse(std::string_view text, bool wildcards,
                                           std::string* error);
    // Matches up to the shorter of the reply and the pattern, as Keepalived does.
    bool matches(std::span<const uint8_t> reply) const;
};

}  // namespace routerd::checks::udp
