// Readers of the addresses and routes in [vrrp.instance.NAME] and [vrrp] static_* (internal to
// config.cpp and its helpers): every problem is reported against its Config node, and nullopt
// returned.
#pragma once

#include <routerd/plugin.hpp>

#include <cstdint>
#include <optional>
#include <utility>

#include "virtual_address.hpp"

namespace routerd::vrrp {

// A whole number from `min` to `max`.
std::optional<std::uint32_t> u32(const sdk::Config& node, std::int64_t min = 0,
                                 std::int64_t max = 0xffffffffLL);
// Reads `node` into `out` when present; false when it is present and wrong.
template <class T, class Parse>
bool optional_value(const sdk::Config& node, std::optional<T>& out, Parse parse) {
    if (!node.present()) return true;
    out = parse(node);
    return out.has_value();
}

// "172.16.0.1", "2001:db8::1".
std::optional<IpAddress> parse_address(const sdk::Config& node);
// "172.16.0.100", "172.16.0.100/24", "2001:db8::1/64": an address and its prefix length (the
// whole address when none is given).
std::optional<std::pair<IpAddress, std::uint8_t>> parse_cidr(const sdk::Config& node);
// A routing table: 1 .. 2^32-1, or "main", "local", "default".
std::optional<std::uint32_t> parse_table(const sdk::Config& node);
// A virtual address: "ip[/prefix]" or { address = "ip[/prefix]", dev = "...", label = "...",
// brd, scope, peer, nodad, home, mngtmpaddr, noprefixroute, autojoin, preferred_lft,
// use_vmac }.
std::optional<VirtualAddress> parse_virtual_address(const sdk::Config& node);
// { to = "10.0.0.0/8", via = "172.16.0.1", dev = "...", metric = N, table = N, type, src,
// protocol, scope, tos, onlink, and the RTA_METRICS: mtu, hoplimit, advmss ... }.
std::optional<VirtualRoute> parse_virtual_route(const sdk::Config& node);

}  // namespace routerd::vrrp
