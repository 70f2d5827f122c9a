// Runs a notify script (notify_up, notify_down, quorum_up, quorum_down) the way Keepalived
// does: through /bin/sh -c, waiting for it. Blocking: call it on the host's blocking pool.
#pragma once

#include <string>

namespace routerd::ipvs {

// "" on exit status 0, else what went wrong ("exit status 3", "killed by signal 9", ...).
std::string run_script(const std::string& command);

}  // namespace routerd::ipvs
