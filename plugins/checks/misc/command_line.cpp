#include "command_line.hpp"

#include <routerd/common/command_line.hpp>

namespace routerd::checks::misc {

std::optional<std::vector<std::string>> split_command(std::string_view text, std::string* error) {
    std::optional<std::vector<std::string>> words = common::split_command_line(text, error);
    if (!words) *error = "misc_path " + *error;
    return words;
}

}  // namespace routerd::checks::misc
