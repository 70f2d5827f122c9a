#pragma once

#include <string>

namespace routerd {

// Tells systemd about routerd's state (READY=1, RELOADING=1, STOPPING=1, STATUS=...) when
// it runs under systemd with Type=notify; does nothing otherwise.
void sd_notify_state(const std::string& state);

}  // namespace routerd
