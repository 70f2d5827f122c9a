// Duration strings of the configuration on arbitrary text: a value parsed is within
// [0, 100 years], comes only from digits, dots and unit letters, and reads back the same when
// written as whole nanoseconds; a refusal always says why.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "config/duration.hpp"

namespace {

constexpr int64_t kMaxNs = int64_t{100} * 365 * 86400 * 1000000000;
constexpr int64_t kExactInDouble = int64_t{1} << 53;

bool duration_character(char c) {
    return (c >= '0' && c <= '9') || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = routerd::parse_duration(text);
    if (const auto* error = std::get_if<std::string>(&parsed)) {
        if (error->empty()) std::abort();
        return 0;
    }
    const int64_t ns = std::get<std::chrono::nanoseconds>(parsed).count();
    if (ns < 0 || ns > kMaxNs) std::abort();
    for (char c : text) {
        if (!duration_character(c)) std::abort();
    }
    if (ns < kExactInDouble) {
        const auto again = routerd::parse_duration(std::to_string(ns) + "ns");
        const auto* value = std::get_if<std::chrono::nanoseconds>(&again);
        if (value == nullptr || value->count() != ns) std::abort();
    }
    return 0;
}
