#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace routerd::checks::file {

// The number a tracked file holds (keepalived.conf(5), "Track files": "A value will be read
// as a number in text from the file"): optional blanks, an optional sign, decimal digits,
// optional trailing blanks/newline. nullopt with *error otherwise.
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
