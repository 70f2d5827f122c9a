// Readers of the addresses in [vrrp.instance.NAME] (internal to config.cpp and its helpers):
// every problem is reported against its Config node, and nullopt returned.
#pragma once

#include <routerd/plugin.hpp>

#include <optional>

#include "virtual_address.hpp"

namespace routerd::vrrp {

// "172.16.0.1", "2001:db8::1".
std::optional<IpAddress> parse_address(const sdk::Config& node);
// A virtual address: "ip[/prefix]" or { address = "ip[/prefix]", dev = "...", label = "..." }.
std::optional<VirtualAddress> parse_virtual_address(const sdk::Config& node);
// { to = "10.0.0.0/8", via = "172.16.0.1", dev = "...", metric = N }.
std::optional<VirtualRoute> parse_virtual_route(const sdk::Config& node);

}  // namespace routerd::vrrp
