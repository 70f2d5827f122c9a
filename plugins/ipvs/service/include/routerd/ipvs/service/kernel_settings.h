// The kernel-wide part of the table the ipvs service hands over (Table::kernel): lvs_timeouts,
// lvs_sync_daemon as the VRRP state asks, lvs_flush at start and lvs_flush_on_stop at stop, in
// the namespace net_namespace_ipvs names (every table says it, the one at stop too).
// Pure: the plugin passes the VRRP states it learnt from VRRP_TRANSITION events.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "routerd/ipvs/service/model.h"
#include "routerd/ipvs/table/table.h"

namespace routerd::ipvs {

// While routerd runs. keepalived.conf(5) lvs_sync_daemon: without a VRRP instance both the
// master and the backup daemon run; with one, the master daemon runs while that instance is
// MASTER and the backup daemon otherwise (also before its first transition). `first`: the
// table a start hands over, which flushes the kernel's table first with lvs_flush.
KernelSettings running_kernel_settings(const Model& model,
                                       const std::map<std::string, int32_t>& vrrp_states,
                                       bool first);

// At stop: the sync daemons stop (Keepalived stops them when it exits), the timeouts stay
// as set, and lvs_flush_on_stop decides how the services go.
KernelSettings stopping_kernel_settings(const Model& model);

}  // namespace routerd::ipvs
