// The keys of [vrrp.instance.NAME] that give an instance a VMAC (keepalived.conf(5) use_vmac,
// core/vmac.hpp): use_vmac = true (named [vrrp] vmac_prefix + "." + VRID, "vrrp.51"), a name
// ("vip51"), or { name = "vip51", mac = "02:00:5e:00:01:33" } (five octets: the VRID is the
// sixth); vmac_xmit_base = true sends and receives the adverts on the instance's interface.
// use_ipvlan (keepalived.conf(5) use_ipvlan) gives it an L2 ipvlan instead: true, a name, or
// { name = "ipvl51", address = "172.16.0.11/24", mode = "bridge" | "private" | "vepa" } (the
// address is required for IPv4, and is the adverts' source unless mcast_src_ip is set).
#pragma once

#include <routerd/plugin.hpp>

#include <optional>
#include <string>

#include "instance_config.hpp"

namespace routerd::vrrp {

// [vrrp] vmac_prefix (Keepalived's global_defs vmac_prefix), "vrrp" unless set; nullopt after
// reporting a problem.
std::optional<std::string> parse_vmac_prefix(const sdk::Config& vrrp);

// Sets `instance.vmac` (its VRID, family, unicast peers and source are read already) from
// `node`; false after reporting a problem.
bool parse_vmac(const sdk::Config& node, const std::string& prefix, InstanceConfig& instance);

}  // namespace routerd::vrrp
