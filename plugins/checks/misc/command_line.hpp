#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::checks::misc {

// Splits misc_path into the program and its arguments by Keepalived's rule for script strings
// (common::split_command_line: no shell). nullopt with *error naming misc_path for an
// unterminated quote, a lone trailing backslash or an empty command.
std::optional<std::vector<std::string>> split_command(std::string_view text, std::string* error);

}  // namespace routerd::checks::misc
