// The notify FIFOs VRRP writes its transitions to (keepalived.conf(5) global_defs):
//   [global] notify_fifo, notify_fifo_script   Keepalived's notify_fifo, notify_fifo_script
//   [vrrp]   notify_fifo, notify_fifo_script   Keepalived's vrrp_notify_fifo, _script
// A FIFO is an absolute path in a directory that exists; it is made when missing, and a path
// that exists must be a FIFO already. A script needs its FIFO and runs as the notify scripts do
// ([global] script_user, enable_script_security), with the FIFO's path appended.
#pragma once

#include <routerd/common/notify_fifo.hpp>
#include <routerd/common/script_policy.hpp>
#include <routerd/plugin.hpp>

#include <vector>

namespace routerd::vrrp {

// Appends the FIFOs `global` and `vrrp` configure to `out` (none: nothing); false after
// reporting a problem against its key.
bool parse_notify_fifos(const sdk::Config& global, const sdk::Config& vrrp,
                        const common::ScriptPolicy& policy,
                        std::vector<common::NotifyFifoSpec>& out);

}  // namespace routerd::vrrp
