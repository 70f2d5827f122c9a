#include "config/duration.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>
#include <utility>

namespace routerd {
namespace {

constexpr std::array<std::pair<std::string_view, double>, 7> kUnits{{
    {"ns", 1.0},
    {"us", 1e3},
    {"ms", 1e6},
    {"s", 1e9},
    {"m", 60e9},
    {"h", 3600e9},
    {"d", 86400e9},
}};

// Far beyond any timer routerd runs, and far enough below the int64 nanoseconds of
// std::chrono that a clock's now() plus it cannot overflow.
constexpr double kMaxNs = 100 * 365 * 86400e9;
constexpr const char* kMaxText = "100 years";

const double* unit_factor(std::string_view unit) {
    for (const auto& [name, factor] : kUnits) {
        if (name == unit) return &factor;
    }
    return nullptr;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

std::variant<std::chrono::nanoseconds, std::string> parse_duration(std::string_view text) {
    const std::string quoted = "'" + std::string(text) + "'";
    if (text.empty()) return "empty duration (write e.g. \"1s\" or \"150ms\")";
    double total_ns = 0;
    size_t i = 0;
    while (i < text.size()) {
        const size_t number_start = i;
        while (i < text.size() && (is_digit(text[i]) || text[i] == '.'))
            ++i;
        const std::string_view number = text.substr(number_start, i - number_start);
        const size_t unit_start = i;
        while (i < text.size() && is_alpha(text[i]))
            ++i;
        const std::string_view unit = text.substr(unit_start, i - unit_start);
        if (number.empty() || number.find('.') != number.rfind('.') || number == ".") {
            return quoted + " is not a duration (write e.g. \"1s\", \"150ms\", \"1m30s\")";
        }
        if (unit.empty()) {
            if (i < text.size()) {
                return quoted + " is not a duration (write e.g. \"1s\", \"150ms\", \"1m30s\")";
            }
            return quoted + " has no unit (use ns, us, ms, s, m, h or d)";
        }
        const double* factor = unit_factor(unit);
        if (factor == nullptr) {
            return quoted + ": unknown unit '" + std::string(unit) +
                   "' (use ns, us, ms, s, m, h or d)";
        }
        double value = 0;
        const auto [end, error] =
            std::from_chars(number.data(), number.data() + number.size(), value);
        if (error != std::errc() || end != number.data() + number.size()) {
            return quoted + " is too long (at most " + kMaxText + ")";
        }
        total_ns += value * *factor;
        // Checked as it grows: a sum of huge parts never reaches infinity or the int64 edge,
        // where the conversion below would be undefined.
        if (!(total_ns <= kMaxNs)) return quoted + " is too long (at most " + kMaxText + ")";
    }
    return std::chrono::nanoseconds(static_cast<int64_t>(std::llround(total_ns)));
}

}  // namespace routerd
