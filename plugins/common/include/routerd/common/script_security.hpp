// Script security (keepalived.conf(5), "SCRIPTS" and global_defs enable_script_security):
// a script that runs as root must not be changeable or replaceable by anyone but root.
//
// The rule, Keepalived's check_security() (notify.c), applied to every component of the
// script's path, from "/" down to the file, both as written and with symbolic links resolved:
//  - a directory or the file owned by anyone but root is unsafe (its owner can chmod it);
//  - the file, or a directory without the sticky bit, is unsafe when its group is not root's
//    and has write permission, or when others have write permission (a sticky directory such
//    as /tmp lets nobody replace root's files in it);
//  - a symbolic link itself is never the problem (nobody can rewrite one; replacing it takes
//    write permission on its directory, which is checked, and its target is checked too);
//  - anything else (a FIFO, a device, a socket) is not a script: unsafe.
// It applies when the script runs as uid 0 or gid 0, or when the file is set-uid or
// set-gid (then it runs with privileges whoever starts it).
//
// No check is made of ACLs or of capabilities held by other users: mode bits and owners only,
// as Keepalived does.
#pragma once

#include <sys/types.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "routerd/common/run_as.hpp"

namespace routerd::common {

// One component of a path as lstat(2) saw it.
struct PathEntry {
    std::string path;  // "/", "/etc", "/etc/routerd/check.sh"
    uid_t owner = 0;
    gid_t group = 0;
    mode_t mode = 0;  // st_mode: the type bits and the permissions
};

// Pure. Why someone other than root could change or replace what `entries` lead to ("/srv/x
// is writable by group 1000 (mode 0775)"), or nullopt when only root can.
std::optional<std::string> unsafe_entry(std::span<const PathEntry> entries);

// Pure. Whether the rule applies: the script runs as root (uid 0 or gid 0), or the file is
// set-uid or set-gid.
bool needs_script_security(const RunAs& identity, mode_t file_mode);

// The components of `path` (made absolute), each lstat()ed, as written and then with every
// symbolic link resolved (realpath). Throws std::system_error naming the path that could not
// be looked at.
std::vector<PathEntry> script_path_entries(const std::string& path);

// Why `program`, run as `identity`, is refused by script security, or nullopt when it may
// run (the rule is satisfied or does not apply). A program that cannot be examined (missing,
// unreadable directory) is refused with that reason.
std::optional<std::string> script_security_refusal(const std::string& program,
                                                   const RunAs& identity);

}  // namespace routerd::common
