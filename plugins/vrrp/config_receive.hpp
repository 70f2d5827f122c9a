// The keys of [vrrp.instance.NAME] that say which adverts an instance accepts and what TTL its
// unicast adverts carry (keepalived.conf(5)): unicast_peer (an address, or { address, min_ttl,
// max_ttl }), unicast_ttl, check_unicast_src, skip_check_adv_addr and old_unicast_checksum
// (true, "never", or false: packet.hpp OldUnicastChecksum; it matters to unicast VRRPv3 over
// IPv4 only). [vrrp] check_unicast_src
// and skip_check_adv_addr set the defaults, as Keepalived's global_defs
// vrrp_check_unicast_src and vrrp_skip_check_adv_addr do.
#pragma once

#include <routerd/plugin.hpp>

#include "packet.hpp"

namespace routerd::vrrp {

struct ReceiveDefaults {
    bool check_unicast_src = true;  // on unless turned off: Keepalived's default is off
    bool skip_check_adv_addr = false;
};

ReceiveDefaults parse_receive_defaults(const sdk::Config& vrrp);

// Fills the unicast peers, unicast_ttl, check_unicast_source and skip_check_adv_addr of
// `params` (whose addresses are read already) from `instance`; false after reporting a problem.
bool parse_receive(const sdk::Config& instance, const ReceiveDefaults& defaults,
                   InstanceParams& params);

}  // namespace routerd::vrrp
