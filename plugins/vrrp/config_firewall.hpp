// [vrrp] nftables, nftables_priority and nftables_counters (keepalived.conf(5) global_defs
// nftables [TABLENAME], nftables_priority and nftables_counters): the nf_tables table in which
// routerd drops the traffic of non-accepting masters' virtual addresses (router/no_accept.hpp).
#pragma once

#include <optional>

#include <routerd/plugin.hpp>

#include "no_accept_table.hpp"

namespace routerd::vrrp {

// nullopt after reporting a problem.
std::optional<NoAcceptFirewall> parse_firewall(const sdk::Config& vrrp);

}  // namespace routerd::vrrp
