// keepalived.conf(5) use_vmac: an instance's own interface, a macvlan on top of its interface
// with the virtual router MAC address (RFC 5798 §7.3), that holds its virtual addresses and
// sends its adverts and gratuitous ARPs, so that a failover moves no MAC address in any
// neighbour's cache or switch. Pure: names and addresses.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "announce.hpp"
#include "types.hpp"
#include "virtual_address.hpp"

namespace routerd::vrrp {

// keepalived.conf(5) use_ipvlan's mode flags (IFLA_IPVLAN_FLAGS: 0, IPVLAN_F_PRIVATE,
// IPVLAN_F_VEPA); "the mode flags must be the same for all ipvlans on the same underlying
// interface".
enum class IpvlanMode : std::uint16_t { bridge = 0, private_mode = 1, vepa = 2 };
std::string_view ipvlan_mode_name(IpvlanMode mode);

// keepalived.conf(5) use_ipvlan: an L2-mode ipvlan instead of a macvlan. It shares the base
// interface's MAC (no virtual MAC moves); its own address, when given, is added to it and is
// the adverts' source (Keepalived: "We also want to use this address as the source address").
struct Ipvlan {
    IpvlanMode mode = IpvlanMode::bridge;
    std::optional<VirtualAddress> address;  // required for IPv4 instances
    bool operator==(const Ipvlan&) const = default;
};

// The instance's own interface on top of its interface: a macvlan with the virtual MAC
// (use_vmac), or an ipvlan (use_ipvlan).
struct Vmac {
    std::string name;  // the macvlan's (or ipvlan's) interface name
    MacAddress mac;    // a macvlan's; an ipvlan has the base interface's
    // keepalived.conf(5) vmac_xmit_base: adverts leave and arrive on the base interface (its
    // own MAC), the virtual addresses stay on the macvlan.
    bool xmit_base = false;
    std::optional<Ipvlan> ipvlan;  // use_ipvlan: an ipvlan, not a macvlan
    bool operator==(const Vmac&) const = default;
};

// keepalived.conf(5) use_vmac_addr, and a virtual address's own use_vmac: a macvlan with the
// virtual router MAC of the addresses' family on another interface than the instance's (or for
// the instance's other family), which holds those addresses and sends their gratuitous ARPs or
// unsolicited NAs. One for each interface and family; its addresses' dev names it.
struct AddressVmac {
    std::string name;
    std::string base;  // the interface it is made on
    Family family = Family::ipv4;
    MacAddress mac;
    bool operator==(const AddressVmac&) const = default;
};

// RFC 5798 §7.3: 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6.
MacAddress virtual_router_mac(Family family, std::uint8_t vrid);

// Keepalived's default macvlan name: PREFIX.VRID ([vrrp] vmac_prefix, "vrrp" by default).
std::string vmac_name(std::string_view prefix, std::uint8_t vrid);

// Keepalived 2.2.7's name for an AddressVmac: PREFIX.VRID for IPv4, PREFIX6.VRID for IPv6; when
// `taken` has it, PREFIX1.VRID, PREFIX2.VRID ..., the first that `taken` has not. The prefix is
// cut short where the whole would exceed 15 characters (IFNAMSIZ - 1), as Keepalived cuts it.
std::string address_vmac_name(std::string_view prefix, Family family, std::uint8_t vrid,
                              const std::set<std::string>& taken);

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
