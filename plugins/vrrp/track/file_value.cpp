#include "file_value.hpp"

#include <cerrno>
#include <cstdlib>
#include <limits>
#include <string>

namespace routerd::vrrp::track {

namespace {
constexpr std::size_t kReadLimit = 127;  // keepalived's buffer is 128 bytes with the NUL
}

std::optional<std::int64_t> parse_track_file(std::string_view contents) {
    std::string text(contents.substr(0, kReadLimit));
    errno = 0;
    long long value = std::strtoll(text.c_str(), nullptr, 0);
    if (errno == ERANGE)
        return std::nullopt;
    constexpr long long low = std::numeric_limits<std::int32_t>::min();
    constexpr long long high = static_cast<long long>(std::numeric_limits<std::int32_t>::max()) + 1;
    if (value < low || value > high)
        return std::nullopt;
    return value;
}

}  // namespace routerd::vrrp::track
