#include "nftables.hpp"

#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cstdlib>
#include <cstring>
#include <set>

namespace routerd::vrrp {

Nftables::~Nftables() {
    nl_socket_free(socket_);
}

std::optional<std::string> Nftables::write(const NoAcceptTable& table) {
    if (socket_ == nullptr) {
        socket_ = nl_socket_alloc();
        if (socket_ == nullptr) return "cannot allocate a netlink socket";
        if (const int status = nl_connect(socket_, NETLINK_NETFILTER); status < 0) {
            nl_socket_free(socket_);
            socket_ = nullptr;
            return std::string("cannot open nfnetlink: ") + nl_geterror(status);
        }
        // The kernel answers a batch at once; a second is a bound, not a wait.
        const timeval timeout{1, 0};
        setsockopt(nl_socket_get_fd(socket_), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        // An error answer carries only the failed message's header, not the message (which may
        // be tens of kilobytes of set elements); nl_recv peeks at each answer's size anyway.
        const int cap = 1;
        setsockopt(nl_socket_get_fd(socket_), SOL_NETLINK, NETLINK_CAP_ACK, &cap, sizeof cap);
        nl_socket_enable_msg_peek(socket_);
        int buffer = 0;  // what the kernel reports: twice what was set (socket(7))
        socklen_t length = sizeof buffer;
        if (getsockopt(nl_socket_get_fd(socket_), SOL_SOCKET, SO_SNDBUF, &buffer, &length) == 0)
            send_buffer_ = static_cast<size_t>(buffer) / 2;
    }
    const std::uint32_t first = sequence_;
    std::uint32_t commands = 0;
    const std::vector<std::uint8_t> batch = no_accept_batch(table, first, commands);
    sequence_ += commands + 2;
    if (batch.size() > send_buffer_) {
        // The batch is one datagram: one larger than the socket's send buffer fails with
        // EMSGSIZE. SO_SNDBUFFORCE (CAP_NET_ADMIN, which routerd keeps) may exceed
        // net.core.wmem_max; SO_SNDBUF is tried when it is refused.
        const int fd = nl_socket_get_fd(socket_);
        const int size = static_cast<int>(batch.size());
        if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) != 0)
            setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
        send_buffer_ = batch.size();
    }
    if (const int status =
            nl_sendto(socket_, const_cast<std::uint8_t*>(batch.data()), batch.size());
        status < 0) {
        return std::string("cannot send to nfnetlink: ") + nl_geterror(status);
    }
    // One answer per command (each asked for an acknowledgement), an error or a 0.
    std::set<std::uint32_t> waiting;
    for (std::uint32_t s = first + 1; s <= first + commands; ++s)
        waiting.insert(s);
    std::optional<std::string> error;
    while (!waiting.empty()) {
        sockaddr_nl peer{};
        unsigned char* buffer = nullptr;
        const int size = nl_recv(socket_, &peer, &buffer, nullptr);
        if (size <= 0) {
            std::free(buffer);
            return error ? error : std::optional<std::string>("no answer from nf_tables");
        }
        int left = size;
        for (auto* header = reinterpret_cast<nlmsghdr*>(buffer); NLMSG_OK(header, left);
             header = NLMSG_NEXT(header, left)) {
            if (header->nlmsg_type != NLMSG_ERROR) continue;
            waiting.erase(header->nlmsg_seq);
            const auto* answer = static_cast<const nlmsgerr*>(NLMSG_DATA(header));
            if (answer->error != 0 && !error) error = std::strerror(-answer->error);
        }
        std::free(buffer);
    }
    return error;
}

}  // namespace routerd::vrrp
