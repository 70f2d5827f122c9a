#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::checks::misc {

// Splits misc_path into the program and its arguments the way Keepalived does for its
// scripts (no shell): words separated by blanks, 'single' and "double" quotes group a word,
// a backslash escapes the next character. nullopt with *error for an unterminated quote or
// an empty command.
std::optional<std::vector<std::string>> split_command(std::string_view text, std::string* error);

}  // namespace routerd::checks::misc
