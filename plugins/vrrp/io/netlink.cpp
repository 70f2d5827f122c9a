#include "netlink.hpp"
#include "rtnetlink_socket.hpp"

#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace routerd::vrrp {
namespace {

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
        if (!info.link_local_ipv6 && local->is_link_local()) {
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

// The requests are built whole by core/ (libnl-route's objects have no uidrange,
// suppress_prefixlength, RTA_METRICS features or IFA_F_MCAUTOJOIN): they are only sent here.
// `harmless`: the libnl error that means the change is there already.
std::optional<std::string> Netlink::send(const std::vector<std::uint8_t>& request, int harmless) {
    nl_msg* message =
        nlmsg_convert(reinterpret_cast<nlmsghdr*>(const_cast<std::uint8_t*>(request.data())));
    if (message == nullptr) return "out of memory";
    int status = nl_send_auto(socket_, message);
    nlmsg_free(message);
    if (status >= 0) status = nl_wait_for_ack(socket_);
    return status == -harmless ? std::nullopt : error_text(status);
}

std::optional<std::string> Netlink::add_address(int ifindex, const VirtualAddress& address) {
    return send(address_request(address, ifindex, true), NLE_EXIST);
}

std::optional<std::string> Netlink::remove_address(int ifindex, const VirtualAddress& address) {
    return send(address_request(address, ifindex, false), NLE_NOADDR);
}

std::optional<std::string> Netlink::add_route(int ifindex, const VirtualRoute& route) {
    return send(route_request(route, ifindex, true), NLE_EXIST);
}

std::optional<std::string> Netlink::remove_route(int ifindex, const VirtualRoute& route) {
    return send(route_request(route, ifindex, false), NLE_OBJ_NOTFOUND);
}

std::optional<std::string> Netlink::add_rule(const VirtualRule& rule) {
    return send(rule_request(rule, true), NLE_EXIST);
}

std::optional<std::string> Netlink::remove_rule(const VirtualRule& rule) {
    return send(rule_request(rule, false), NLE_OBJ_NOTFOUND);
}

namespace {

int on_link_message(nl_msg* message, void* self) {
    const nlmsghdr* header = nlmsg_hdr(message);
    const auto& handlers = *static_cast<LinkMonitor::Handlers*>(self);
    if (header->nlmsg_type == RTM_NEWLINK || header->nlmsg_type == RTM_DELLINK) {
        handlers.on_change(static_cast<const ifinfomsg*>(nlmsg_data(header))->ifi_index);
    } else if (header->nlmsg_type == RTM_NEWADDR || header->nlmsg_type == RTM_DELADDR) {
        handlers.on_change(
            static_cast<int>(static_cast<const ifaddrmsg*>(nlmsg_data(header))->ifa_index));
    }
    if (const auto change = decode_kernel_change(reinterpret_cast<const std::uint8_t*>(header),
                                                 header->nlmsg_len)) {
        handlers.on_kernel(*change);
    }
    return NL_OK;
}

}  // namespace

LinkMonitor::LinkMonitor(Handlers handlers)
    : socket_(nl_socket_alloc()), handlers_(std::move(handlers)) {
    if (socket_ == nullptr) throw std::runtime_error("cannot allocate a netlink socket");
    nl_socket_disable_seq_check(socket_);
    nl_socket_modify_cb(socket_, NL_CB_VALID, NL_CB_CUSTOM, on_link_message, &handlers_);
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

bool LinkMonitor::watch_routes(bool on) {
    if (on == routes_) return true;
    const int status =
        on ? nl_socket_add_memberships(socket_, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE,
                                       RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE, 0)
           : nl_socket_drop_memberships(socket_, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE,
                                        RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE, 0);
    if (status < 0) return false;
    routes_ = on;
    return true;
}

}  // namespace routerd::vrrp
