#include "daemon/sd_notify.hpp"

#include <systemd/sd-daemon.h>

namespace routerd {

void sd_notify_state(const std::string& state) {
    ::sd_notify(0, state.c_str());
}

}  // namespace routerd
