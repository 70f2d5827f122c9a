// UDP_CHECK's HEX_STR reader on arbitrary text: a pattern it accepts has one mask per byte,
// no bit set outside its mask, matches its own bytes and any reply that differs only in
// masked-out bits, and reads back the same when written out again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "hex_pattern.hpp"

namespace {

using routerd::checks::udp::HexPattern;

constexpr char kDigits[] = "0123456789abcdef";

// One group per byte: two digits (X for a masked nibble), or the lone digit an odd group ends
// with (mask 0x0f).
std::string written(const HexPattern& p) {
    std::string out;
    for (size_t i = 0; i < p.bytes.size(); ++i) {
        if (!out.empty()) out += ' ';
        if (p.masks[i] == 0x0f) {
            out += kDigits[p.bytes[i] & 0x0f];
            continue;
        }
        out += (p.masks[i] & 0xf0) ? kDigits[p.bytes[i] >> 4] : 'X';
        out += (p.masks[i] & 0x0f) ? kDigits[p.bytes[i] & 0x0f] : 'X';
    }
    return out;
}

void check(const HexPattern& p, bool wildcards) {
    if (p.bytes.empty() || p.bytes.size() != p.masks.size()) std::abort();
    std::vector<uint8_t> noisy(p.bytes.size());
    for (size_t i = 0; i < p.bytes.size(); ++i) {
        const uint8_t m = p.masks[i];
        if (m != 0xff && m != 0xf0 && m != 0x0f && m != 0x00) std::abort();
        if ((p.bytes[i] & ~m) != 0) std::abort();
        if (!wildcards && m != 0xff && m != 0x0f) std::abort();
        noisy[i] = static_cast<uint8_t>(p.bytes[i] | ~m);
    }
    if (!p.matches(p.bytes) || !p.matches(noisy)) std::abort();
    if (!p.matches({})) std::abort();  // up to the shorter: an empty reply compares nothing
    std::string error;
    const auto again = HexPattern::parse(written(p), true, &error);
    if (!again || again->bytes != p.bytes || again->masks != p.masks) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (bool wildcards : {false, true}) {
        std::string error;
        const auto pattern = HexPattern::parse(text, wildcards, &error);
        if (pattern) {
            check(*pattern, wildcards);
            (void)pattern->matches(std::span(data, size));
        } else if (error.empty()) {
            std::abort();  // a refusal always says why
        }
    }
    return 0;
}
