// A service's persistence_granularity: which bits of a client's address persistence keys on
// (keepalived.conf(5) persistence_granularity, ipvsadm -M).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <variant>

namespace routerd::ipvs {

// A client address's bytes to keep, IPv4 in the first four (the other twelve all ones).
using AddressMask = std::array<uint8_t, 16>;

// The mask `granularity` means for a service of the family `v6` says, or why it means none:
//   "255.255.255.0"  a dotted netmask. An IPv6 service keys on every bit then, as Linux does
//                    (it takes a netmask for IPv4 services only); the ipvs service writes the
//                    default "255.255.255.255" into every service;
//   "24", "64"       a prefix length, 0..32 (IPv4) or 0..128 (IPv6);
//   ""               every bit.
std::variant<AddressMask, std::string> persistence_mask(const std::string& granularity, bool v6);

}  // namespace routerd::ipvs
