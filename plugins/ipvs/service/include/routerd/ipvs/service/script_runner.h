// Runs a notify script (notify_up, notify_down, quorum_up, quorum_down) the way Keepalived
// does: through /bin/sh -c, waiting for it. Blocking: call it on the host's blocking pool.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace routerd::ipvs {

// "" on exit status 0, else what went wrong ("exit status 3", "killed by signal 9", ...).
std::string run_script(const std::string& command);

// Runs `commands` side by side (Keepalived does not wait for one notifier before the next)
// and waits at most `timeout` for all of them: the ones still running then are killed with
// whatever they started. What went wrong with each, as run_script says it, or "timed out".
std::vector<std::string> run_scripts(const std::vector<std::string>& commands,
                                     std::chrono::milliseconds timeout);

}  // namespace routerd::ipvs
