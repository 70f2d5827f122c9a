// keepalived.conf(5) use_vmac: an instance's own interface, a macvlan on top of its interface
// with the virtual router MAC address (RFC 5798 §7.3), that holds its virtual addresses and
// sends its adverts and gratuitous ARPs, so that a failover moves no MAC address in any
// neighbour's cache or switch. Pure: names and addresses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "announce.hpp"
#include "types.hpp"

namespace routerd::vrrp {

struct Vmac {
    std::string name;  // the macvlan's interface name
    MacAddress mac;
    // keepalived.conf(5) vmac_xmit_base: adverts leave and arrive on the base interface (its
    // own MAC), the virtual addresses stay on the macvlan.
    bool xmit_base = false;
    bool operator==(const Vmac&) const = default;
};

// RFC 5798 §7.3: 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6.
MacAddress virtual_router_mac(Family family, std::uint8_t vrid);

// Keepalived's default macvlan name: PREFIX.VRID ([vrrp] vmac_prefix, "vrrp" by default).
std::string vmac_name(std::string_view prefix, std::uint8_t vrid);

// A MAC address written "00:00:5e:00:01:33"; with five octets the VRID is the sixth, as
// keepalived.conf(5) use_vmac allows. nullopt when it is none, or multicast.
std::optional<MacAddress> parse_vmac_address(std::string_view text, std::uint8_t vrid);

std::string mac_text(const MacAddress& mac);  // "00:00:5e:00:01:33"

// A base interface's arp_ignore and arp_filter as they were before its first VMAC, as the
// install journal keeps them ("arp_ignore=0 arp_filter=0"), so that the start after a crash
// puts them back.
struct ArpSettings {
    std::uint32_t arp_ignore = 0;
    std::uint32_t arp_filter = 0;
    bool operator==(const ArpSettings&) const = default;
};
std::string arp_settings_text(const ArpSettings& settings);
std::optional<ArpSettings> parse_arp_settings(std::string_view text);

// Why `name` cannot name a network interface (longer than IFNAMSIZ - 1, empty, '/', ':',
// whitespace, "." or ".."), or nullopt.
std::optional<std::string> interface_name_error(std::string_view name);

}  // namespace routerd::vrrp
