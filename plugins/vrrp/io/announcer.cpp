#include "announcer.hpp"

#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace routerd::vrrp {

Announcer::Announcer(const std::string& interface, int ifindex)
    : interface_(interface), ifindex_(ifindex) {
    arp_fd_ = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ARP));
    icmp6_fd_ = ::socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
    if (arp_fd_ < 0 || icmp6_fd_ < 0) {
        const std::string reason = std::strerror(errno);
        if (arp_fd_ >= 0) ::close(arp_fd_);
        if (icmp6_fd_ >= 0) ::close(icmp6_fd_);
        throw std::runtime_error(interface + ": announcement sockets: " + reason);
    }
    // RFC 4861 §7.1.2: receivers drop neighbour discovery with a hop limit other than 255.
    const int hops = 255;
    ::setsockopt(icmp6_fd_, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops);
    ::setsockopt(icmp6_fd_, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof ifindex);
    ::setsockopt(icmp6_fd_, SOL_SOCKET, SO_BINDTODEVICE, interface.c_str(),
                 static_cast<socklen_t>(interface.size()));
}

Announcer::~Announcer() {
    ::close(arp_fd_);
    ::close(icmp6_fd_);
}

std::optional<std::string> Announcer::announce(const MacAddress& mac, const IpAddress& address) {
    ssize_t sent = -1;
    if (address.family() == Family::ipv4) {
        const auto frame = gratuitous_arp_frame(mac, address);
        sockaddr_ll to{};
        to.sll_family = AF_PACKET;
        to.sll_protocol = htons(ETH_P_ARP);
        to.sll_ifindex = ifindex_;
        to.sll_halen = 6;
        std::memset(to.sll_addr, 0xff, 6);
        sent = ::sendto(arp_fd_, frame.data(), frame.size(), 0,
                        reinterpret_cast<const sockaddr*>(&to), sizeof to);
    } else {
        const auto message = unsolicited_neighbour_advert(mac, address, false);
        sockaddr_in6 to{};
        to.sin6_family = AF_INET6;
        const std::uint8_t all_nodes[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        std::memcpy(&to.sin6_addr, all_nodes, 16);
        to.sin6_scope_id = static_cast<std::uint32_t>(ifindex_);
        sent = ::sendto(icmp6_fd_, message.data(), message.size(), 0,
                        reinterpret_cast<const sockaddr*>(&to), sizeof to);
    }
    if (sent < 0)
        return interface_ + ": announce " + address.to_string() + ": " + std::strerror(errno);
    return std::nullopt;
}

}  // namespace routerd::vrrp
