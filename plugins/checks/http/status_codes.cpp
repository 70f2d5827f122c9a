#include "status_codes.hpp"

#include <charconv>

namespace routerd::checks::http {
namespace {

std::optional<int> code_of(std::string_view text) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    // RFC 9110 §15: a status code is three digits, 100..599.
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 100 ||
        value > 599) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

bool StatusCodes::add(std::string_view item, std::string* error) {
    const size_t dash = item.find('-');
    const std::optional<int> low = code_of(item.substr(0, dash));
    const std::optional<int> high =
        dash == std::string_view::npos ? low : code_of(item.substr(dash + 1));
    if (!low || !high || *low > *high) {
        *error = "'" + std::string(item) +
                 "' is not a status code (100..599) or a range of them (\"200-299\")";
        return false;
    }
    ranges_.emplace_back(*low, *high);
    return true;
}

bool StatusCodes::accepts(int code) const {
    for (const auto& [low, high] : ranges_) {
        if (code >= low && code <= high) return true;
    }
    return false;
}

std::string StatusCodes::to_string() const {
    std::string out;
    for (const auto& [low, high] : ranges_) {
        if (!out.empty()) out += ", ";
        out += std::to_string(low);
        if (high != low) out += "-" + std::to_string(high);
    }
    return out;
}

}  // namespace routerd::checks::http
