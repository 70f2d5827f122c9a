#include "track_file.hpp"

#include <routerd/common/track_file_value.hpp>

#include <algorithm>
#include <limits>

namespace routerd::checks::file {

std::optional<int64_t> parse_value(std::string_view content, std::string* error) {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!content.empty() && blank(content.front()))
        content.remove_prefix(1);
    while (!content.empty() && blank(content.back()))
        content.remove_suffix(1);
    if (content.empty()) {
        *error = "the file is empty";
        return std::nullopt;
    }
    std::optional<int64_t> value;
    if (common::holds_a_number(content)) value = common::parse_track_file_value(content);
    if (!value) *error = "'" + std::string(content.substr(0, 32)) + "' is not a number";
    return value;
}

FileVerdict judge(int64_t value, int64_t weight, bool reverse, bool dynamic) {
    const std::string shown = "value " + std::to_string(value);
    if (weight == 0) {
        if (value != 0) return {false, -1, shown + " is not 0"};
        return {true, dynamic ? 0 : -1, ""};
    }
    constexpr int64_t kMin = std::numeric_limits<int32_t>::min();
    constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
    // Clamp before multiplying: |value| and |weight| both fit 32 bits after it, so the
    // product cannot overflow 64.
    const int64_t product =
        std::clamp(value, kMin, kMax) * std::clamp(weight, kMin, kMax) * (reverse ? -1 : 1);
    if (product <= kMin)
        return {false, -1, shown + " x weight " + std::to_string(weight) + " is too low"};
    return {true, dynamic ? static_cast<int32_t>(std::clamp<int64_t>(product, 0, kMax)) : -1, ""};
}

}  // namespace routerd::checks::file
