#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

namespace routerd {

// Parses "1s", "150ms", "2m", "1h30m", "1.5s", "250us", "10ns" into nanoseconds.
// Returns the error message on failure.
std::variant<std::chrono::nanoseconds, std::string> parse_duration(std::string_view text);

}  // namespace routerd
