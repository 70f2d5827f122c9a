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
    }
    const std::uint32_t first = sequence_;
    std::uint32_t commands = 0;
    const std::vector<std::uint8_t> batch = no_accept_batch(table, first, commands);
    sequence_ += commands + 2;
    if (nl_sendto(socket_, const_cast<std::uint8_t*>(batch.data()), batch.size()) < 0)
        return std::string("cannot send to nfnetlink: ") + std::strerror(errno);
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
