#include "routerd/ipvs/kernel/ipvs_socket.h"

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "routerd/ipvs/kernel/net_namespace.h"

namespace routerd::ipvs::netlink {

IpvsSocket::IpvsSocket(const std::string& net_namespace) {
    sock_ = nl_socket_alloc();
    if (sock_ == nullptr) throw std::runtime_error("cannot allocate a netlink socket");
    int err = 0;
    try {
        // genl_connect makes the socket: in the namespace, if one is named.
        if (net_namespace.empty()) {
            err = genl_connect(sock_);
        } else {
            in_net_namespace(net_namespace, [&] { err = genl_connect(sock_); });
        }
    } catch (...) {
        nl_socket_free(sock_);
        throw;
    }
    if (err < 0) {
        nl_socket_free(sock_);
        throw std::runtime_error(std::string("cannot open a generic-netlink socket: ") +
                                 nl_geterror(err));
    }
    const int family = genl_ctrl_resolve(sock_, "IPVS");
    if (family < 0) {
        nl_socket_free(sock_);
        throw std::runtime_error(
            "this kernel has no IPVS (ip_vs module missing or not loadable: modprobe ip_vs, or "
            "use forwarder = \"userspace\")");
    }
    family_ = static_cast<uint16_t>(family);
    // Answers of a few hundred services fit many times over.
    nl_socket_set_buffer_size(sock_, 1 << 20, 1 << 20);
}

IpvsSocket::~IpvsSocket() {
    nl_socket_free(sock_);
}

void IpvsSocket::request(const Bytes& message, uint32_t seq) {
    exchange(message, seq, false);
}

std::vector<Message> IpvsSocket::dump(const Bytes& message, uint32_t seq) {
    return exchange(message, seq, true);
}

std::vector<Message> IpvsSocket::exchange(const Bytes& message, uint32_t seq, bool dump) {
    if (nl_sendto(sock_, const_cast<uint8_t*>(message.data()), message.size()) < 0)
        throw std::runtime_error("cannot send to the kernel's IPVS");
    std::vector<Message> entries;
    for (;;) {
        sockaddr_nl peer{};
        unsigned char* buffer = nullptr;
        const int n = nl_recv(sock_, &peer, &buffer, nullptr);
        if (n <= 0)
            throw std::runtime_error(std::string("no answer from the kernel's IPVS: ") +
                                     nl_geterror(n));
        std::vector<Message> messages;
        try {
            messages = split({buffer, static_cast<size_t>(n)});
        } catch (...) {
            std::free(buffer);
            throw;
        }
        std::free(buffer);
        for (Message& m : messages) {
            if (m.seq != seq) continue;  // a late answer to an earlier request
            if (m.type == NLMSG_ERROR) {
                if (m.error != 0)
                    throw std::runtime_error(std::string("the kernel's IPVS refused: ") +
                                             std::strerror(-m.error));
                return entries;  // acknowledged
            }
            if (m.type == NLMSG_DONE) return entries;
            entries.push_back(std::move(m));
            if (!dump) return entries;
        }
    }
}

}  // namespace routerd::ipvs::netlink
