// keepalived.conf(5) vrf: "If using unicasting without specifying an interface, the VRF to
// operate in can be specified." [vrrp.instance.NAME] vrf = "VRF_IF" in place of `interface`:
// the instance's VRRP socket is bound to the VRF's master device (SO_BINDTODEVICE, as
// Keepalived binds it), so that its unicast adverts are routed by the VRF's table and those
// arriving on the VRF's interfaces reach it. The instance has no interface of its own, so it
// needs unicast_peer, unicast_src_ip (a VRF device has no address) and a dev on every virtual
// address and route.
#pragma once

#include <routerd/plugin.hpp>

#include "instance_config.hpp"

namespace routerd::vrrp {

// Reads `interface`, or `vrf` in its place (instance.vrf then); false after reporting a
// problem. Run before the rest of the instance.
bool parse_interface_or_vrf(const sdk::Config& node, InstanceConfig& instance);

// What an instance in a VRF needs (its unicast peers, source, addresses, routes and VMAC read
// already); false after reporting a problem.
bool check_vrf(const sdk::Config& node, const InstanceConfig& instance);

}  // namespace routerd::vrrp
