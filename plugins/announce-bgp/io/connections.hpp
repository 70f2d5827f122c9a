// How many TCP connections are established to an announced address on this host, from
// /proc/net/tcp and /proc/net/tcp6: what a drain waits for.
#pragma once

#include <string>
#include <vector>

namespace routerd::announce_bgp {

// `prefixes` are host routes ("192.0.2.10/32", "2001:db8::10/128").
int established_connections(const std::vector<std::string>& prefixes);

// One /proc/net/tcp{,6} file's text: the count of ESTABLISHED lines whose local address is
// one of `addresses` (in the file's hex form). Pure, for tests.
int count_established(const std::string& proc_text, const std::vector<std::string>& addresses);

// The address of a host route in /proc/net/tcp{,6}'s hex form (the kernel prints the
// address's 32-bit words in host byte order).
std::string proc_hex(const std::string& prefix);

}  // namespace routerd::announce_bgp
