#include "metrics/series_key.hpp"

namespace routerd::metrics {

namespace {
constexpr char kSeparator = '\0';
constexpr char kEscape = '\1';
}  // namespace

std::string encode_series_key(const std::vector<std::string>& label_values) {
    std::string key;
    for (std::size_t i = 0; i < label_values.size(); ++i) {
        if (i > 0) key += kSeparator;
        for (const char c : label_values[i]) {
            if (c == kSeparator || c == kEscape) {
                key += kEscape;
                key += static_cast<char>(c + 1);
            } else {
                key += c;
            }
        }
    }
    return key;
}

std::vector<std::string> decode_series_key(std::string_view key, std::size_t count) {
    std::vector<std::string> values;
    if (count == 0) return values;
    values.reserve(count);
    values.emplace_back();
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (key[i] == kSeparator) {
            values.emplace_back();
        } else if (key[i] == kEscape && i + 1 < key.size()) {
            values.back() += static_cast<char>(key[++i] - 1);
        } else {
            values.back() += key[i];
        }
    }
    return values;
}

}  // namespace routerd::metrics
