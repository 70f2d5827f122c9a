#include "child_process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace routerd::checks::misc {

std::optional<Credentials> Credentials::lookup(const std::string& spec, std::string* error) {
    const size_t space = spec.find(' ');
    const std::string user = spec.substr(0, space);
    const std::string group_name = space == std::string::npos ? "" : spec.substr(space + 1);
    std::vector<char> buffer(16384);
    passwd pw{};
    passwd* found = nullptr;
    if (getpwnam_r(user.c_str(), &pw, buffer.data(), buffer.size(), &found) != 0 || !found) {
        *error = "no user named '" + user + "'";
        return std::nullopt;
    }
    Credentials out;
    out.uid = pw.pw_uid;
    out.gid = pw.pw_gid;
    if (!group_name.empty()) {
        struct group g {};
        struct group* found_group = nullptr;
        std::vector<char> group_buffer(16384);
        if (getgrnam_r(group_name.c_str(), &g, group_buffer.data(), group_buffer.size(),
                       &found_group) != 0 ||
            !found_group) {
            *error = "no group named '" + group_name + "'";
            return std::nullopt;
        }
        out.gid = g.gr_gid;
    }
    int count = 64;
    out.groups.resize(static_cast<size_t>(count));
    if (getgrouplist(user.c_str(), out.gid, out.groups.data(), &count) < 0) {
        out.groups.resize(static_cast<size_t>(count));
        getgrouplist(user.c_str(), out.gid, out.groups.data(), &count);
    }
    out.groups.resize(static_cast<size_t>(count));
    return out;
}

std::optional<Child> start_child(const std::vector<std::string>& argv,
                                 const std::optional<Credentials>& credentials) {
    std::vector<char*> args;
    for (const std::string& arg : argv)
        args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    const pid_t pid = fork();
    if (pid < 0) return std::nullopt;
    if (pid == 0) {
        // The child of a threaded process: async-signal-safe calls only until exec.
        setpgid(0, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        const int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
        }
        if (credentials &&
            (setgroups(credentials->groups.size(), credentials->groups.data()) != 0 ||
             setgid(credentials->gid) != 0 || setuid(credentials->uid) != 0)) {
            _exit(126);
        }
        execv(args[0], args.data());
        _exit(127);
    }
    const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    if (pidfd < 0) {
        const int saved = errno;
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        errno = saved;
        return std::nullopt;
    }
    return Child{pid, pidfd};
}

}  // namespace routerd::checks::misc
