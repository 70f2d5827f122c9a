// A script line as keepalived.conf(5) writes it, split into argv. No shell is involved:
// keepalived execs scripts directly.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace routerd::vrrp::track {

// Whitespace separates arguments; keepalived.conf(5): "If a parameter needs to contain
// spaces, it should be enclosed in single quotes". Throws std::invalid_argument for an
// empty line or an unterminated quote.
std::vector<std::string> split_command_line(std::string_view line);

}  // namespace routerd::vrrp::track
