// keepalived.conf(5) net_namespace_ipvs: IPVS configured in another network namespace than the
// one routerd (and its checks) run in. Only the netlink socket enters it: a socket belongs for
// its whole life to the namespace it was made in (network_namespaces(7)), so the kernel
// forwarder makes its IPVS socket there and talks through it from anywhere.
#pragma once

#include <functional>
#include <string>

namespace routerd::ipvs::netlink {

// Runs `make` on a thread of its own that first enters the network namespace of the file
// `path` (/run/netns/NAME, /proc/PID/ns/net) and ends with the call: setns(2) moves only its
// caller, and no thread of routerd's ever runs on in the wrong namespace. Throws
// std::runtime_error when the namespace cannot be entered (it takes CAP_SYS_ADMIN); rethrows
// what `make` throws.
void in_net_namespace(const std::string& path, const std::function<void()>& make);

}  // namespace routerd::ipvs::netlink
