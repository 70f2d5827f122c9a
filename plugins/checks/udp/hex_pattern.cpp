#include "hex_pattern.hpp"

#include <algorithm>

namespace routerd::checks::udp {
namespace {

// A nibble's value and mask, or nullopt for a character that is none.
std::optional<std::pair<uint8_t, uint8_t>> nibble(char c, bool wildcards) {
    if (c >= '0' && c <= '9')
        return std::pair<uint8_t, uint8_t>(static_cast<uint8_t>(c - '0'), 0xf);
    if (c >= 'a' && c <= 'f')
        return std::pair<uint8_t, uint8_t>(static_cast<uint8_t>(c - 'a' + 10), 0xf);
    if (c >= 'A' && c <= 'F')
        return std::pair<uint8_t, uint8_t>(static_cast<uint8_t>(c - 'A' + 10), 0xf);
    if (wildcards && (c == 'x' || c == 'X')) return std::pair<uint8_t, uint8_t>(0, 0);
    return std::nullopt;
}

}  // namespace

std::optional<HexPattern> HexPattern::parse(std::string_view text, bool wildcards,
                                            std::string* error) {
    HexPattern out;
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ' || text[i] == '\t') {
            ++i;
            continue;
        }
        size_t end = i;
        while (end < text.size() && text[end] != ' ' && text[end] != '\t')
            ++end;
        for (size_t at = i; at < end; at += 2) {
            const auto high = nibble(text[at], wildcards);
            const auto low = at + 1 < end ? nibble(text[at + 1], wildcards)
                                          : std::optional<std::pair<uint8_t, uint8_t>>();
            if (!high || (at + 1 < end && !low)) {
                *error = "'" + std::string(text.substr(i, end - i)) + "' is not hex" +
                         (wildcards ? " (digits, or X for any)" : "");
                return std::nullopt;
            }
            if (low) {
                out.bytes.push_back(static_cast<uint8_t>(high->first << 4 | low->first));
                out.masks.push_back(static_cast<uint8_t>(high->second << 4 | low->second));
            } else {  // a final odd digit is a byte of its own
                out.bytes.push_back(high->first);
                out.masks.push_back(high->second);
            }
        }
        i = end;
    }
    if (out.bytes.empty()) {
        *error = "no hex digits";
        return std::nullopt;
    }
    return out;
}

bool HexPattern::matches(std::span<const uint8_t> reply) const {
    const size_t n = std::min(reply.size(), bytes.size());
    for (size_t i = 0; i < n; ++i) {
        if ((reply[i] & masks[i]) != (bytes[i] & masks[i])) return false;
    }
    return true;
}

}  // namespace routerd::checks::udp
