#include "vrrp_socket.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace routerd::vrrp {
namespace {

[[noreturn]] void fail(const std::string& interface, const char* what) {
    throw std::runtime_error(interface + ": " + what + ": " + std::strerror(errno));
}

void option(int fd, int level, int name, const void* value, socklen_t size,
            const std::string& interface, const char* what) {
    if (::setsockopt(fd, level, name, value, size) != 0) fail(interface, what);
}

void option(int fd, int level, int name, int value, const std::string& interface,
            const char* what) {
    option(fd, level, name, &value, sizeof value, interface, what);
}

int open_raw(int family, int protocol, const std::string& interface) {
    const int fd = ::socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0) fail(interface, "raw socket");
    if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, interface.c_str(),
                     static_cast<socklen_t>(interface.size())) != 0) {
        ::close(fd);
        fail(interface, "bind to device");
    }
    return fd;
}

IpAddress from_in(const in_addr& a) {
    std::array<std::uint8_t, 4> b{};
    std::memcpy(b.data(), &a, 4);
    return IpAddress::v4(b);
}

IpAddress from_in6(const in6_addr& a) {
    std::array<std::uint8_t, 16> b{};
    std::memcpy(b.data(), &a, 16);
    return IpAddress::v6(b);
}

}  // namespace

VrrpSocket::VrrpSocket(const std::string& interface, int ifindex, const IpAddress& group,
                       std::uint8_t protocol)
    : interface_(interface), ifindex_(ifindex), family_(group.family()), slots_(kReceiveSlots) {
    const std::string join_what = "join " + group.to_string();
    received_.reserve(kReceiveSlots);
    try {
        if (family_ == Family::ipv4) {
            receive_fd_ = open_raw(AF_INET, protocol, interface);
            option(receive_fd_, SOL_SOCKET, SO_RXQ_OVFL, 1, interface, "drop count");
            ip_mreqn join{};
            std::memcpy(&join.imr_multiaddr, group.bytes().data(), 4);
            join.imr_ifindex = ifindex;
            option(receive_fd_, IPPROTO_IP, IP_ADD_MEMBERSHIP, &join, sizeof join, interface,
                   join_what.c_str());
            // The encoder builds the IP header itself: with AH, the ICV covers it.
            send_fd_ = open_raw(AF_INET, IPPROTO_RAW, interface);
            ip_mreqn out{};
            out.imr_ifindex = ifindex;
            option(send_fd_, IPPROTO_IP, IP_MULTICAST_IF, &out, sizeof out, interface,
                   "multicast interface");
            option(send_fd_, IPPROTO_IP, IP_MULTICAST_LOOP, 0, interface, "multicast loop");
        } else {
            receive_fd_ = open_raw(AF_INET6, protocol, interface);
            option(receive_fd_, SOL_SOCKET, SO_RXQ_OVFL, 1, interface, "drop count");
            ipv6_mreq join{};
            std::memcpy(&join.ipv6mr_multiaddr, group.bytes().data(), 16);
            join.ipv6mr_interface = static_cast<unsigned>(ifindex);
            option(receive_fd_, IPPROTO_IPV6, IPV6_JOIN_GROUP, &join, sizeof join, interface,
                   join_what.c_str());
            option(receive_fd_, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, interface, "hop limit");
            option(receive_fd_, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, interface, "packet info");
            send_fd_ = open_raw(AF_INET6, protocol, interface);
            option(send_fd_, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, kRequiredTtl, interface, "hops");
            option(send_fd_, IPPROTO_IPV6, IPV6_UNICAST_HOPS, kRequiredTtl, interface, "hops");
            option(send_fd_, IPPROTO_IPV6, IPV6_MULTICAST_IF, ifindex, interface, "interface");
            option(send_fd_, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0, interface, "loop");
        }
    } catch (...) {
        if (receive_fd_ >= 0) ::close(receive_fd_);
        if (send_fd_ >= 0) ::close(send_fd_);
        throw;
    }
}

VrrpSocket::~VrrpSocket() {
    ::close(receive_fd_);
    ::close(send_fd_);
}

ReceivedBatch VrrpSocket::receive(std::size_t max) {
    max = std::min(max, slots_.size());
    std::array<mmsghdr, kReceiveSlots> messages{};
    std::array<iovec, kReceiveSlots> buffers{};
    for (std::size_t i = 0; i < max; ++i) {
        Slot& slot = slots_[i];
        buffers[i] = {slot.bytes.data(), slot.bytes.size()};
        msghdr& m = messages[i].msg_hdr;
        m.msg_name = &slot.from;
        m.msg_namelen = sizeof slot.from;
        m.msg_iov = &buffers[i];
        m.msg_iovlen = 1;
        m.msg_control = slot.control.data();
        m.msg_controllen = slot.control.size();
    }
    const int n =
        ::recvmmsg(receive_fd_, messages.data(), static_cast<unsigned>(max), MSG_DONTWAIT, nullptr);
    received_.clear();
    for (int i = 0; i < n; ++i) {
        msghdr& m = messages[i].msg_hdr;
        const Slot& slot = slots_[static_cast<std::size_t>(i)];
        for (cmsghdr* c = CMSG_FIRSTHDR(&m); c != nullptr; c = CMSG_NXTHDR(&m, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
                std::uint32_t drops = 0;
                std::memcpy(&drops, CMSG_DATA(c), sizeof drops);
                queue_full_drops_ = drops;
            }
        }
        if ((m.msg_flags & MSG_TRUNC) != 0) {
            ++truncated_;
            continue;
        }
        Received r;
        r.bytes = std::span<const std::uint8_t>(slot.bytes.data(), messages[i].msg_len);
        if (family_ == Family::ipv4) {
            r.source = from_in(reinterpret_cast<const sockaddr_in*>(&slot.from)->sin_addr);
            received_.push_back(r);
            continue;
        }
        r.source = from_in6(reinterpret_cast<const sockaddr_in6*>(&slot.from)->sin6_addr);
        for (cmsghdr* c = CMSG_FIRSTHDR(&m); c != nullptr; c = CMSG_NXTHDR(&m, c)) {
            if (c->cmsg_level != IPPROTO_IPV6) continue;
            if (c->cmsg_type == IPV6_HOPLIMIT) {
                int hops = 0;
                std::memcpy(&hops, CMSG_DATA(c), sizeof hops);
                r.hop_limit = static_cast<std::uint8_t>(hops);
            } else if (c->cmsg_type == IPV6_PKTINFO) {
                in6_pktinfo info{};
                std::memcpy(&info, CMSG_DATA(c), sizeof info);
                r.destination = from_in6(info.ipi6_addr);
            }
        }
        received_.push_back(r);
    }
    return {received_, n > 0 ? static_cast<std::size_t>(n) : 0};
}

std::optional<std::string> VrrpSocket::attach_filter(const std::vector<sock_filter>& program) {
    sock_fprog fprog{static_cast<unsigned short>(program.size()),
                     const_cast<sock_filter*>(program.data())};
    if (::setsockopt(receive_fd_, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof fprog) != 0) {
        return interface_ + ": socket filter: " + std::strerror(errno);
    }
    return std::nullopt;
}

std::optional<std::string> VrrpSocket::send(std::span<const std::uint8_t> bytes,
                                            const IpAddress& destination, const IpAddress& source) {
    ssize_t sent = -1;
    if (family_ == Family::ipv4) {
        sockaddr_in to{};
        to.sin_family = AF_INET;
        std::memcpy(&to.sin_addr, destination.bytes().data(), 4);
        sent = ::sendto(send_fd_, bytes.data(), bytes.size(), 0,
                        reinterpret_cast<const sockaddr*>(&to), sizeof to);
    } else {
        sockaddr_in6 to{};
        to.sin6_family = AF_INET6;
        std::memcpy(&to.sin6_addr, destination.bytes().data(), 16);
        to.sin6_scope_id = static_cast<std::uint32_t>(ifindex_);
        iovec io{const_cast<std::uint8_t*>(bytes.data()), bytes.size()};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in6_pktinfo))]{};
        msghdr message{};
        message.msg_name = &to;
        message.msg_namelen = sizeof to;
        message.msg_iov = &io;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        cmsghdr* c = CMSG_FIRSTHDR(&message);
        c->cmsg_level = IPPROTO_IPV6;
        c->cmsg_type = IPV6_PKTINFO;
        c->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo));
        in6_pktinfo info{};
        std::memcpy(&info.ipi6_addr, source.bytes().data(), 16);
        info.ipi6_ifindex = static_cast<unsigned>(ifindex_);
        std::memcpy(CMSG_DATA(c), &info, sizeof info);
        sent = ::sendmsg(send_fd_, &message, 0);
    }
    if (sent < 0) return interface_ + ": send: " + std::strerror(errno);
    return std::nullopt;
}

}  // namespace routerd::vrrp
