// The keys of [vrrp] that schedule the VRRP thread and lock routerd's memory: nice,
// rt_priority, rlimit_rttime, no_swap, max_auto_priority and min_auto_priority_delay,
// Keepalived's global_defs vrrp_priority, vrrp_rt_priority, vrrp_rlimit_rttime, vrrp_no_swap,
// max_auto_priority and min_auto_priority_delay (keepalived.conf(5)).
#pragma once

#include <routerd/plugin.hpp>

#include <optional>

#include "thread_scheduling.hpp"

namespace routerd::vrrp {

// nullopt after reporting a problem against the key.
std::optional<ThreadScheduling> parse_scheduling(const sdk::Config& vrrp);

// Declares the privileges `scheduling` needs (CAP_SYS_NICE for nice, rt_priority or
// max_auto_priority, CAP_IPC_LOCK for no_swap) against the key that needs each; false when routerd
// no longer has one.
bool require_scheduling_privileges(const sdk::Host& host, const sdk::Config& vrrp,
                                   const ThreadScheduling& scheduling);

}  // namespace routerd::vrrp
