// A connected rtnetlink socket for requests (addresses, routes, links, devconf), shared by the
// io classes that each keep one.
#pragma once

struct nl_sock;

namespace routerd::vrrp {

// Allocated and connected, for nl_socket_free; throws std::runtime_error when it cannot be.
nl_sock* open_rtnetlink();

}  // namespace routerd::vrrp
