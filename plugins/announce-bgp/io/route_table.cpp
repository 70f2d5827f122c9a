#include "route_table.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace routerd::announce_bgp {

namespace {

// The rtm_protocol of routerd's routes, so `ip route show proto 201` tells them apart. Not 186
// (rt_protos' "bgp"): zebra takes routes of its daemons' protocols for its own leftovers and
// would not import them.
constexpr unsigned char kProtocol = 201;

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what + ": " + std::strerror(errno));
}

struct Prefix {
    int family = AF_INET;
    unsigned char length = 32;
    unsigned char bytes[16] = {};
};

Prefix parse(const std::string& text) {
    Prefix p;
    const auto slash = text.find('/');
    const std::string address = text.substr(0, slash);
    if (inet_pton(AF_INET, address.c_str(), p.bytes) == 1) {
        p.family = AF_INET;
        p.length = 32;
    } else if (inet_pton(AF_INET6, address.c_str(), p.bytes) == 1) {
        p.family = AF_INET6;
        p.length = 128;
    } else {
        throw std::runtime_error("not an address: " + text);
    }
    if (slash != std::string::npos)
        p.length = static_cast<unsigned char>(std::stoi(text.substr(slash + 1)));
    return p;
}

void add_attribute(nlmsghdr* h, unsigned short type, const void* data, size_t len) {
    auto* rta = reinterpret_cast<rtattr*>(reinterpret_cast<char*>(h) + NLMSG_ALIGN(h->nlmsg_len));
    rta->rta_type = type;
    rta->rta_len = static_cast<unsigned short>(RTA_LENGTH(len));
    std::memcpy(RTA_DATA(rta), data, len);
    h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

}  // namespace

RouteTable::RouteTable(std::string device, int table) : device_(std::move(device)), table_(table) {
    tun_fd_ = ::open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (tun_fd_ < 0) fail("open /dev/net/tun");
    ifreq ifr{};
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
    std::strncpy(ifr.ifr_name, device_.c_str(), IFNAMSIZ - 1);
    if (::ioctl(tun_fd_, TUNSETIFF, &ifr) < 0) {
        const int e = errno;
        ::close(tun_fd_);
        errno = e;
        fail("tun device " + device_);
    }
    const int sock = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) fail("socket");
    ifreq up{};
    std::strncpy(up.ifr_name, device_.c_str(), IFNAMSIZ - 1);
    const bool ok = ::ioctl(sock, SIOCGIFFLAGS, &up) == 0 &&
                    (up.ifr_flags = static_cast<short>(up.ifr_flags | IFF_UP),
                     ::ioctl(sock, SIOCSIFFLAGS, &up) == 0);
    const int e = errno;
    ::close(sock);
    errno = e;
    if (!ok) {
        ::close(tun_fd_);
        fail("bringing " + device_ + " up");
    }
    ifindex_ = static_cast<int>(::if_nametoindex(device_.c_str()));
    netlink_fd_ = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (netlink_fd_ < 0) {
        ::close(tun_fd_);
        fail("netlink socket");
    }
    try {
        guard_.emplace(table_, kProtocol, tun_fd_);
    } catch (...) {
        ::close(netlink_fd_);
        ::close(tun_fd_);
        throw;
    }
}

RouteTable::~RouteTable() {
    guard_.reset();
    ::close(netlink_fd_);
    ::close(tun_fd_);  // the device goes, and any route still through it
}

void RouteTable::announce(const std::string& prefix) {
    if (const int e = route(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, prefix)) {
        errno = e;
        fail("adding route " + prefix + " table " + std::to_string(table_));
    }
}

void RouteTable::withdraw(const std::string& prefix) {
    // Already gone is what was wanted.
    if (const int e = route(RTM_DELROUTE, 0, prefix); e != 0 && e != ESRCH) {
        errno = e;
        fail("deleting route " + prefix + " table " + std::to_string(table_));
    }
}

int RouteTable::route(int type, int flags, const std::string& text) {
    const Prefix p = parse(text);
    alignas(nlmsghdr) char buffer[512] = {};
    auto* h = reinterpret_cast<nlmsghdr*>(buffer);
    h->nlmsg_len = NLMSG_LENGTH(sizeof(rtmsg));
    h->nlmsg_type = static_cast<unsigned short>(type);
    h->nlmsg_flags = static_cast<unsigned short>(NLM_F_REQUEST | NLM_F_ACK | flags);
    auto* rt = static_cast<rtmsg*>(NLMSG_DATA(h));
    rt->rtm_family = static_cast<unsigned char>(p.family);
    rt->rtm_dst_len = p.length;
    rt->rtm_table = RT_TABLE_UNSPEC;
    rt->rtm_protocol = kProtocol;
    rt->rtm_scope = RT_SCOPE_LINK;
    rt->rtm_type = RTN_UNICAST;
    const auto table = static_cast<uint32_t>(table_);
    add_attribute(h, RTA_TABLE, &table, sizeof table);
    add_attribute(h, RTA_DST, p.bytes, p.family == AF_INET ? 4 : 16);
    add_attribute(h, RTA_OIF, &ifindex_, sizeof ifindex_);
    if (::send(netlink_fd_, h, h->nlmsg_len, 0) < 0) fail("netlink send");
    alignas(nlmsghdr) char reply[1024];
    const ssize_t n = ::recv(netlink_fd_, reply, sizeof reply, 0);
    if (n < 0) fail("netlink recv");
    const auto* r = reinterpret_cast<const nlmsghdr*>(reply);
    if (r->nlmsg_type != NLMSG_ERROR) return 0;
    return -static_cast<const nlmsgerr*>(NLMSG_DATA(r))->error;
}

}  // namespace routerd::announce_bgp
