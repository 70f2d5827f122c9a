#include "command.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "command_line.hpp"

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
        if (is_executable_file(candidate))
            return candidate;
        if (colon == std::string_view::npos)
            break;
        path.remove_prefix(colon + 1);
    }
    throw std::invalid_argument("\"" + program + "\" is not an executable in PATH");
}

}  // namespace

RunAs resolve_user(std::string_view user, std::string_view group) {
    std::vector<char> buffer(16384);
    struct passwd pw {};
    struct passwd* found = nullptr;
    std::string user_name(user);
    if (::getpwnam_r(user_name.c_str(), &pw, buffer.data(), buffer.size(), &found) != 0 ||
        found == nullptr)
        throw std::invalid_argument("unknown user \"" + user_name + "\"");
    RunAs run_as{pw.pw_uid, pw.pw_gid};
    if (!group.empty()) {
        struct group gr {};
        struct group* found_group = nullptr;
        std::string group_name(group);
        if (::getgrnam_r(group_name.c_str(), &gr, buffer.data(), buffer.size(), &found_group) !=
                0 ||
            found_group == nullptr)
            throw std::invalid_argument("unknown group \"" + group_name + "\"");
        run_as.gid = gr.gr_gid;
    }
    return run_as;
}

Command make_command(std::string_view line, std::optional<RunAs> run_as) {
    std::string whole(line);
    if (whole.find('/') != std::string::npos && is_executable_file(whole))
        return Command{{whole}, run_as};
    Command command{split_command_line(line), run_as};
    std::string& program = command.argv.front();
    if (program.find('/') == std::string::npos)
        program = search_path(program);
    else if (!is_executable_file(program))
        throw std::invalid_argument("\"" + program + "\" is not an executable file");
    return command;
}

}  // namespace routerd::vrrp::track
