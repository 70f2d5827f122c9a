// keepalived.conf(5) garp_extra_if: "periodic GARP/NA messages ... on interfaces of VIPs/eVIPs
// that are not the interface of the VRRP instance, in order to ensure that switch MAC caches
// are maintained" (the instance's own interface has its adverts for that). As Keepalived 2.2.7
// does it (vrrp.c vrrp_send_vmac_update): one message per interface, for the first of its
// addresses (virtual_ipaddress, then virtual_ipaddress_excluded); only on VMACs routerd makes
// unless `all`; never on the instance's address interface, unless that is a VMAC whose adverts
// leave from the base (vmac_xmit_base). Pure.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "instance_config.hpp"

namespace routerd::vrrp {

struct ExtraGarp {
    std::string dev;
    VirtualAddress address;
    bool operator==(const ExtraGarp&) const = default;
};

// `vmacs`: the names of the VMACs routerd makes (every instance's use_vmac).
std::vector<ExtraGarp> extra_garps(const InstanceConfig& instance,
                                   const std::set<std::string>& vmacs);

}  // namespace routerd::vrrp
