// The keys of [vrrp.instance.NAME] that give an instance a VMAC (keepalived.conf(5) use_vmac,
// core/vmac.hpp): use_vmac = true (named [vrrp] vmac_prefix + "." + VRID, "vrrp.51"), a name
// ("vip51"), or { name = "vip51", mac = "02:00:5e:00:01:33" } (five octets: the VRID is the
// sixth); vmac_xmit_base = true sends and receives the adverts on the instance's interface.
// use_ipvlan (keepalived.conf(5) use_ipvlan) gives it an L2 ipvlan instead: true, a name, or
// { name = "ipvl51", address = "172.16.0.11/24", mode = "bridge" | "private" | "vepa" } (the
// address is required for IPv4, and is the adverts' source unless mcast_src_ip is set).
// use_vmac_addr = true, and an address's { ..., use_vmac = true }, put virtual addresses on
// VMACs of their own (core/vmac.hpp AddressVmac), named after [vrrp] vmac_addr_prefix.
#pragma once

#include <routerd/plugin.hpp>

#include <optional>
#include <set>
#include <string>

#include "instance_config.hpp"

namespace routerd::vrrp {

// [vrrp] vmac_prefix (Keepalived's global_defs vmac_prefix), "vrrp" unless set; nullopt after
// reporting a problem.
std::optional<std::string> parse_vmac_prefix(const sdk::Config& vrrp);

// [vrrp] vmac_addr_prefix (Keepalived's global_defs vmac_addr_prefix), `vmac_prefix` unless
// set; nullopt after reporting a problem.
std::optional<std::string> parse_vmac_addr_prefix(const sdk::Config& vrrp,
                                                  const std::string& vmac_prefix);

// Sets `instance.vmac` (its VRID, family, unicast peers and source are read already) from
// `node`; false after reporting a problem.
bool parse_vmac(const sdk::Config& node, const std::string& prefix, InstanceConfig& instance);

// Puts each virtual address of `instance` where Keepalived 2.2.7 puts it, by its dev: on an
// AddressVmac that use_vmac_addr or its own use_vmac asks for (made here, named after `prefix`
// and none of `taken`, which then has its name too); else one on the instance's interface and
// of its family on the instance's VMAC if it has one, even with a dev that names that
// interface; else one of the other family on the interface itself, not on the VMAC (which has
// the other family's MAC).
void place_addresses(InstanceConfig& instance, const std::string& prefix,
                     std::set<std::string>& taken);

}  // namespace routerd::vrrp
