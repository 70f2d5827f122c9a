// Runs notify scripts (notify_up, notify_down, quorum_up, quorum_down) through /bin/sh -c, on
// plugins/common's runner (sanitized environment, no inherited descriptor, own process group,
// the script user, script security on the program the line starts with). Blocking: call it
// on the host's blocking pool (or at stop).
#pragma once

#include <routerd/common/script_policy.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace routerd::ipvs {

// Runs `commands` side by side (Keepalived does not wait for one notifier before the next)
// and waits `timeout` for all of them: the ones still running then get SIGTERM, and SIGKILL
// common::kDefaultKillGrace later, with whatever they started. For each, "" on exit status 0, else
// what went wrong ("exit status 3", "killed by signal 9", "timed out after 300 ms").
std::vector<std::string> run_scripts(const std::vector<std::string>& commands,
                                     std::chrono::milliseconds timeout,
                                     const common::ScriptPolicy& policy);

}  // namespace routerd::ipvs
