#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace routerd::checks::file {

// The number a tracked file holds, read by Keepalived's rule (common::parse_track_file_value:
// strtol base 0, trailing text ignored). Where Keepalived would read 0 from a file with no
// number at all, the checker reports it down with the reason, as it does a missing file:
// nullopt with *error for blank content, no number, or one out of range.
std::optional<int64_t> parse_value(std::string_view content, std::string* error);

struct FileVerdict {
    bool up = false;
    int32_t weight = -1;  // with `dynamic`: the weight the real server should get
    std::string reason;
};

// keepalived.conf(5): with weight 0, a non-zero value is a failure and zero is OK; else the
// value is multiplied by the weight (negated with `reverse`), and a result at or below
// -2147483648 is a failure. With `dynamic` the result becomes the real server's weight
// (clamped to 0..2147483647: the ABI carries an absolute weight, where Keepalived adds the
// result to the configured one).
FileVerdict judge(int64_t value, int64_t weight, bool reverse, bool dynamic);

}  // namespace routerd::checks::file
