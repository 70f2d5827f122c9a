// A script ready to exec: resolved argv and the identity it runs under.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::vrrp::track {

struct RunAs {
    uid_t uid = 0;
    gid_t gid = 0;
    bool operator==(const RunAs&) const = default;
};

struct Command {
    std::vector<std::string> argv;  // argv[0] is an absolute or relative path, never looked up
    std::optional<RunAs> run_as;    // nullopt: the daemon's own identity
    bool operator==(const Command&) const = default;
};

// keepalived.conf(5) `user USERNAME [GROUPNAME]`: the group defaults to the user's.
// Throws std::invalid_argument naming the unknown user or group.
RunAs resolve_user(std::string_view user, std::string_view group = {});

// Builds a Command from a keepalived script line. If the whole line names an executable file
// it is run as is (a path with spaces); otherwise it is split (split_command_line) and a bare
// program name is searched in PATH now, so a typo is a configuration error, not a silent
// failure at every run. Throws std::invalid_argument with the reason.
Command make_command(std::string_view line, std::optional<RunAs> run_as = std::nullopt);

}  // namespace routerd::vrrp::track
