// The identity a child process runs under (keepalived.conf(5): `user USERNAME [GROUPNAME]`
// on scripts), resolved when the configuration is read so that the child only has to call
// setgroups, setgid and setuid between fork and exec.
#pragma once

#include <sys/types.h>

#include <string_view>

namespace routerd::common {

// The child drops every supplementary group but `gid`, as Keepalived's set_privileges()
// does (setgroups(1, &gid)): a script gets the rights of its user and group, no more.
struct RunAs {
    uid_t uid = 0;
    gid_t gid = 0;
    bool operator==(const RunAs&) const = default;
};

// The group defaults to the user's own. Throws std::invalid_argument naming the unknown
// user or group.
RunAs resolve_run_as(std::string_view user, std::string_view group = {});

// keepalived.conf(5)'s `USERNAME [GROUPNAME]` form (script_user, a script's `user`): the
// words split at whitespace. Throws std::invalid_argument for an unknown name, for no name
// and for more than two words.
RunAs resolve_run_as_words(std::string_view user_and_group);

// Who this process is (effective uid and gid): what a child without a RunAs runs as.
RunAs own_identity();

}  // namespace routerd::common
