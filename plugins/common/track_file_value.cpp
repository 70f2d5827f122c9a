#include "routerd/common/track_file_value.hpp"

#include <cerrno>
#include <cstdlib>
#include <limits>
#include <string>

namespace routerd::common {

namespace {

constexpr std::size_t kReadLimit = 127;  // Keepalived's buffer is 128 bytes with the NUL

struct Strtol {
    long long value;
    bool found;  // strtol consumed something
    bool overflow;
};

Strtol keepalived_strtol(std::string_view contents) {
    const std::string text(contents.substr(0, kReadLimit));
    char* end = nullptr;
    errno = 0;
    const long long value = std::strtoll(text.c_str(), &end, 0);
    return {value, end != text.c_str(), errno == ERANGE};
}

}  // namespace

std::optional<std::int64_t> parse_track_file_value(std::string_view contents) {
    const Strtol read = keepalived_strtol(contents);
    constexpr long long low = std::numeric_limits<std::int32_t>::min();
    constexpr long long high = static_cast<long long>(std::numeric_limits<std::int32_t>::max()) + 1;
    if (read.overflow || read.value < low || read.value > high) return std::nullopt;
    return read.value;
}

bool holds_a_number(std::string_view contents) {
    return keepalived_strtol(contents).found;
}

}  // namespace routerd::common
