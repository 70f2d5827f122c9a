#include "netlink.hpp"
#include "rtnetlink_socket.hpp"

#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace routerd::vrrp {
namespace {

// Routes routerd installs carry this protocol, as Keepalived's carry RTPROT_KEEPALIVED.
constexpr int kRouteProtocol = 18;

struct AddrDeleter {
    void operator()(nl_addr* a) const { nl_addr_put(a); }
};
using AddrPtr = std::unique_ptr<nl_addr, AddrDeleter>;

AddrPtr to_nl(const IpAddress& address, int prefix) {
    const int family = address.family() == Family::ipv4 ? AF_INET : AF_INET6;
    nl_addr* out = nl_addr_build(family, address.bytes().data(), address.size());
    if (out != nullptr) nl_addr_set_prefixlen(out, prefix);
    return AddrPtr(out);
}

std::optional<IpAddress> from_nl(nl_addr* address) {
    if (address == nullptr) return std::nullopt;
    const auto* bytes = static_cast<const std::uint8_t*>(nl_addr_get_binary_addr(address));
    if (nl_addr_get_family(address) == AF_INET && nl_addr_get_len(address) == 4) {
        std::array<std::uint8_t, 4> b{};
        std::memcpy(b.data(), bytes, 4);
        return IpAddress::v4(b);
    }
    if (nl_addr_get_family(address) == AF_INET6 && nl_addr_get_len(address) == 16) {
        std::array<std::uint8_t, 16> b{};
        std::memcpy(b.data(), bytes, 16);
        return IpAddress::v6(b);
    }
    return std::nullopt;
}

std::optional<std::string> error_text(int status) {
    if (status >= 0) return std::nullopt;
    return std::string(nl_geterror(status));
}

struct AddrObject {
    rtnl_addr* addr = rtnl_addr_alloc();
    ~AddrObject() { rtnl_addr_put(addr); }
};

AddrObject make_addr(int ifindex, const VirtualAddress& address) {
    AddrObject a;
    rtnl_addr_set_ifindex(a.addr, ifindex);
    rtnl_addr_set_family(a.addr, address.address.family() == Family::ipv4 ? AF_INET : AF_INET6);
    AddrPtr local = to_nl(address.address, address.prefix);
    rtnl_addr_set_local(a.addr, local.get());
    if (address.address.family() == Family::ipv4 && !address.label.empty()) {
        rtnl_addr_set_label(a.addr, address.label.c_str());
    }
    // A VIP moves between routers: duplicate address detection would hold it for seconds.
    if (address.address.family() == Family::ipv6) rtnl_addr_set_flags(a.addr, IFA_F_NODAD);
    return a;
}

struct RouteObject {
    rtnl_route* route = rtnl_route_alloc();
    ~RouteObject() { rtnl_route_put(route); }
};

RouteObject make_route(int ifindex, const VirtualRoute& r) {
    RouteObject out;
    const int family = r.destination.family() == Family::ipv4 ? AF_INET : AF_INET6;
    rtnl_route_set_family(out.route, family);
    AddrPtr dst = to_nl(r.destination, r.prefix);
    rtnl_route_set_dst(out.route, dst.get());
    rtnl_route_set_table(out.route, r.table);
    rtnl_route_set_protocol(out.route, kRouteProtocol);
    rtnl_route_set_priority(out.route, r.metric);
    rtnl_route_set_scope(out.route, r.via ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
    rtnl_nexthop* hop = rtnl_route_nh_alloc();
    rtnl_route_nh_set_ifindex(hop, ifindex);
    if (r.via) {
        AddrPtr gateway = to_nl(*r.via, r.via->family() == Family::ipv4 ? 32 : 128);
        rtnl_route_nh_set_gateway(hop, gateway.get());
    }
    rtnl_route_add_nexthop(out.route, hop);  // the route owns the hop now
    return out;
}

}  // namespace

Netlink::Netlink() : socket_(open_rtnetlink()) {}

Netlink::~Netlink() {
    nl_socket_free(socket_);
}

std::optional<InterfaceInfo> Netlink::interface(const std::string& name,
                                                const std::vector<IpAddress>& ignore) {
    rtnl_link* link = nullptr;
    if (rtnl_link_get_kernel(socket_, 0, name.c_str(), &link) < 0) return std::nullopt;
    InterfaceInfo info;
    info.name = name;
    info.index = rtnl_link_get_ifindex(link);
    const unsigned flags = rtnl_link_get_flags(link);
    info.up = flags & IFF_UP;
    info.running = flags & IFF_RUNNING;
    if (nl_addr* mac = rtnl_link_get_addr(link); mac && nl_addr_get_len(mac) == 6) {
        std::memcpy(info.mac.data(), nl_addr_get_binary_addr(mac), 6);
    }
    rtnl_link_put(link);

    nl_cache* cache = nullptr;
    if (rtnl_addr_alloc_cache(socket_, &cache) < 0) return info;
    for (nl_object* o = nl_cache_get_first(cache); o != nullptr; o = nl_cache_get_next(o)) {
        auto* addr = reinterpret_cast<rtnl_addr*>(o);
        if (rtnl_addr_get_ifindex(addr) != info.index) continue;
        const std::optional<IpAddress> local = from_nl(rtnl_addr_get_local(addr));
        if (!local || std::find(ignore.begin(), ignore.end(), *local) != ignore.end()) continue;
        if (local->family() == Family::ipv4 && !info.primary_ipv4 &&
            !(rtnl_addr_get_flags(addr) & IFA_F_SECONDARY)) {
            info.primary_ipv4 = local;
        }
        if (local->family() == Family::ipv6 && !info.link_local_ipv6 && local->bytes()[0] == 0xfe &&
            (local->bytes()[1] & 0xc0) == 0x80) {
            info.link_local_ipv6 = local;
        }
    }
    nl_cache_free(cache);
    return info;
}

bool Netlink::has_address(int ifindex, const IpAddress& address) {
    nl_cache* cache = nullptr;
    if (rtnl_addr_alloc_cache(socket_, &cache) < 0) return false;
    bool found = false;
    for (nl_object* o = nl_cache_get_first(cache); o != nullptr && !found;
         o = nl_cache_get_next(o)) {
        auto* addr = reinterpret_cast<rtnl_addr*>(o);
        found =
            rtnl_addr_get_ifindex(addr) == ifindex && from_nl(rtnl_addr_get_local(addr)) == address;
    }
    nl_cache_free(cache);
    return found;
}

std::optional<std::string> Netlink::add_address(int ifindex, const VirtualAddress& address) {
    AddrObject a = make_addr(ifindex, address);
    const int status = rtnl_addr_add(socket_, a.addr, NLM_F_REPLACE);
    return status == -NLE_EXIST ? std::nullopt : error_text(status);
}

std::optional<std::string> Netlink::remove_address(int ifindex, const VirtualAddress& address) {
    AddrObject a = make_addr(ifindex, address);
    const int status = rtnl_addr_delete(socket_, a.addr, 0);
    return status == -NLE_NOADDR || status == -NLE_OBJ_NOTFOUND ? std::nullopt : error_text(status);
}

std::optional<std::string> Netlink::add_route(int ifindex, const VirtualRoute& route) {
    RouteObject r = make_route(ifindex, route);
    return error_text(rtnl_route_add(socket_, r.route, NLM_F_CREATE | NLM_F_REPLACE));
}

std::optional<std::string> Netlink::remove_route(int ifindex, const VirtualRoute& route) {
    RouteObject r = make_route(ifindex, route);
    const int status = rtnl_route_delete(socket_, r.route, 0);
    return status == -NLE_OBJ_NOTFOUND ? std::nullopt : error_text(status);
}

// libnl-route's rtnl_rule has no uidrange, suppress_prefixlength or suppress_ifgroup: the
// request is built whole by core/virtual_rule.cpp and only sent here.
std::optional<std::string> Netlink::send_rule(const VirtualRule& rule, bool add) {
    const std::vector<std::uint8_t> request = rule_request(rule, add);
    nl_msg* message =
        nlmsg_convert(reinterpret_cast<nlmsghdr*>(const_cast<std::uint8_t*>(request.data())));
    if (message == nullptr) return "out of memory";
    int status = nl_send_auto(socket_, message);
    nlmsg_free(message);
    if (status >= 0) status = nl_wait_for_ack(socket_);
    if (add && status == -NLE_EXIST) return std::nullopt;
    if (!add && status == -NLE_OBJ_NOTFOUND) return std::nullopt;
    return error_text(status);
}

std::optional<std::string> Netlink::add_rule(const VirtualRule& rule) {
    return send_rule(rule, true);
}

std::optional<std::string> Netlink::remove_rule(const VirtualRule& rule) {
    return send_rule(rule, false);
}

namespace {

int on_link_message(nl_msg* message, void* self) {
    const nlmsghdr* header = nlmsg_hdr(message);
    auto& on_change = *static_cast<std::function<void(int)>*>(self);
    if (header->nlmsg_type == RTM_NEWLINK || header->nlmsg_type == RTM_DELLINK) {
        on_change(static_cast<const ifinfomsg*>(nlmsg_data(header))->ifi_index);
    } else if (header->nlmsg_type == RTM_NEWADDR || header->nlmsg_type == RTM_DELADDR) {
        on_change(static_cast<int>(static_cast<const ifaddrmsg*>(nlmsg_data(header))->ifa_index));
    }
    return NL_OK;
}

}  // namespace

LinkMonitor::LinkMonitor(std::function<void(int ifindex)> on_change)
    : socket_(nl_socket_alloc()), on_change_(std::move(on_change)) {
    if (socket_ == nullptr) throw std::runtime_error("cannot allocate a netlink socket");
    nl_socket_disable_seq_check(socket_);
    nl_socket_modify_cb(socket_, NL_CB_VALID, NL_CB_CUSTOM, on_link_message, &on_change_);
    if (nl_connect(socket_, NETLINK_ROUTE) < 0 ||
        nl_socket_add_memberships(socket_, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR,
                                  0) < 0 ||
        nl_socket_set_nonblocking(socket_) < 0) {
        nl_socket_free(socket_);
        throw std::runtime_error("cannot follow link state through rtnetlink");
    }
}

LinkMonitor::~LinkMonitor() {
    nl_socket_free(socket_);
}

int LinkMonitor::fd() const {
    return nl_socket_get_fd(socket_);
}

void LinkMonitor::receive() {
    while (nl_recvmsgs_default(socket_) >= 0) {
    }
}

}  // namespace routerd::vrrp
