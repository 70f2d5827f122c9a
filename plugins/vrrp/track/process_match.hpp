// Pure core of track_process: which processes a vrrp_track_process counts.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace routerd::vrrp::track {

// One running process as /proc shows it.
struct ProcessInfo {
    pid_t pid = 0;
    std::string comm;                  // /proc/PID/comm: at most 15 bytes
    std::vector<std::string> cmdline;  // /proc/PID/cmdline split at NULs; empty if not read
    bool zombie = false;
    std::optional<uid_t> uid = std::nullopt;  // effective uid (/proc/PID/status); nullopt: not read
};

// keepalived.conf(5) `param_match`: exact (no keyword) = the same parameters, no more;
// partial = the first n parameters match exactly, more may follow; initial = like partial,
// but the last configured parameter only has to start the process's parameter.
enum class ParamMatch { exact, partial, initial };

struct ProcessMatch {
    std::string process;
    // Present when parameters (or param_match with none, meaning "no parameters") were given.
    std::optional<std::vector<std::string>> params;
    ParamMatch param_match = ParamMatch::exact;
    bool full_command = false;  // match argv[0] instead of comm
    // routerd's `user` (Keepalived has none): only processes whose effective uid is this one
    // count, so that another user's process of the same name cannot stand in for the daemon.
    std::optional<uid_t> uid = std::nullopt;

    // Whether cmdline must be read: keepalived.conf(5) matches the name against comm
    // ("the Name: line in /proc/PID/status") unless parameters or full_command are given.
    bool needs_cmdline() const { return full_command || params.has_value(); }
};

// Throws std::invalid_argument: empty name, or a name longer than the kernel's 15-byte comm
// that could therefore never match (use full_command).
void validate(const ProcessMatch& match);

// Zombies never match: keepalived.conf(5) counts running processes only.
bool matches(const ProcessMatch& match, const ProcessInfo& process);
std::vector<pid_t> matching_pids(const ProcessMatch& match, std::span<const ProcessInfo> processes);

}  // namespace routerd::vrrp::track
