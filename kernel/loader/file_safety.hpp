#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace routerd {

// Why a plugin file or folder must not be trusted, or nullopt when it may be: it must be
// owned by root or the running user and not be writable by group or others (whoever can
// write it can run code as routerd).
std::optional<std::string> unsafe_reason(const std::filesystem::path& path);

}  // namespace routerd
