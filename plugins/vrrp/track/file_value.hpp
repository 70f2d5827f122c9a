// Pure core of track_file: the number a tracked file holds, read as keepalived reads it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace routerd::vrrp::track {

// keepalived.conf(5) "Track files": "A value will be read as a number in text from the file".
// keepalived reads up to 127 bytes and applies strtol(buf, NULL, 0): leading blanks, a sign,
// 0x hex and 0 octal prefixes, anything after the number ignored, no number at all = 0.
// A number outside [INT32_MIN, INT32_MAX + 1] is ignored (nullopt: keep the previous value).
std::optional<std::int64_t> parse_track_file(std::string_view contents);

// A missing or unreadable file counts as 0, as in keepalived.
inline constexpr std::int64_t kMissingFileValue = 0;

}  // namespace routerd::vrrp::track
