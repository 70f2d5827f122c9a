#include "command.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <routerd/common/command_line.hpp>
#include <routerd/common/script_policy.hpp>

#include <cstdlib>
#include <stdexcept>

namespace routerd::vrrp::track {

namespace {

bool is_executable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

std::string search_path(const std::string& program) {
    const char* env = std::getenv("PATH");
    std::string_view path =
        env != nullptr ? env : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    while (true) {
        auto colon = path.find(':');
        std::string dir(path.substr(0, colon));
        std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
        if (is_executable_file(candidate)) return candidate;
        if (colon == std::string_view::npos) break;
        path.remove_prefix(colon + 1);
    }
    throw std::invalid_argument("\"" + program + "\" is not an executable in PATH");
}

// The line as argv, the program found.
Command resolve(std::string_view line, std::optional<common::RunAs> run_as) {
    std::string whole(line);
    if (whole.find('/') != std::string::npos && is_executable_file(whole))
        return Command{{whole}, run_as};
    std::string error;
    std::optional<std::vector<std::string>> argv = common::split_command_line(line, &error);
    if (!argv) throw std::invalid_argument("\"" + whole + "\" " + error);
    Command command{std::move(*argv), run_as};
    std::string& program = command.argv.front();
    if (program.find('/') == std::string::npos)
        program = search_path(program);
    else if (!is_executable_file(program))
        throw std::invalid_argument("\"" + program + "\" is not an executable file");
    return command;
}

}  // namespace

Command make_command(std::string_view line, std::optional<common::RunAs> run_as,
                     bool script_security) {
    Command command = resolve(line, run_as);
    command.script_security = script_security;
    return command;
}

void check_script_security(const Command& command) {
    if (command.script_security)
        common::check_script_security(command.argv.front(), command.run_as);
}

}  // namespace routerd::vrrp::track
