#include "rtnetlink_socket.hpp"

#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <stdexcept>

namespace routerd::vrrp {

nl_sock* open_rtnetlink() {
    nl_sock* socket = nl_socket_alloc();
    if (socket == nullptr || nl_connect(socket, NETLINK_ROUTE) < 0) {
        nl_socket_free(socket);
        throw std::runtime_error("cannot open rtnetlink");
    }
    return socket;
}

}  // namespace routerd::vrrp
