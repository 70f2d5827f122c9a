#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace routerd::common {

// The arguments of a control request addressed to a plugin, as routerctl sends it
// ({"args": ["verb", ...]}, see kernel/control): each argument as its string, and one that is
// not a string as its JSON text (so a command's usage check refuses it). A request that is not
// such an object has no arguments; nothing here throws on what a client sent.
std::vector<std::string> command_args(std::string_view request);

}  // namespace routerd::common
