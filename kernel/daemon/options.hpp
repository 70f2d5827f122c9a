#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/common.h>

namespace routerd {

// routerd's command line.
struct Options {
    std::filesystem::path config_file = "/etc/routerd/routerd.toml";
    std::vector<std::filesystem::path> plugin_dirs;  // empty: the installed plugin folder
    std::filesystem::path state_db = "/var/lib/routerd/state.db";
    std::filesystem::path control_socket = "/run/routerd/routerd.sock";
    bool config_test = false;
    bool foreground = false;
    spdlog::level::level_enum log_level = spdlog::level::info;
};

struct ParsedCommandLine {
    Options options;
    bool show_help = false;
    bool show_version = false;
    std::string error;  // non-empty: print it with the usage and exit 2
};

ParsedCommandLine parse_command_line(const std::vector<std::string>& args,
                                     const std::filesystem::path& default_plugin_dir);
std::string usage_text();

}  // namespace routerd
