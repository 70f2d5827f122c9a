#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace routerd::checks::misc {

// Who a program runs as (keepalived.conf(5), MISC_CHECK `user USERNAME [GROUPNAME]`),
// resolved when the configuration is read, so that the child only calls setgroups, setgid
// and setuid between fork and exec.
struct Credentials {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups;

    // "user" or "user group"; nullopt with *error for an unknown user or group.
    static std::optional<Credentials> lookup(const std::string& spec, std::string* error);
};

// A started program: its pid and a pidfd that becomes readable when it exits.
struct Child {
    pid_t pid = -1;
    int pidfd = -1;
};

// Starts argv[0] (a path; no PATH search, no shell) in a process group of its own with
// stdin/stdout/stderr on /dev/null. A program that cannot be executed exits 127, as shells
// report it. Returns nullopt with errno set when fork or pidfd_open fails.
std::optional<Child> start_child(const std::vector<std::string>& argv,
                                 const std::optional<Credentials>& credentials);

}  // namespace routerd::checks::misc
