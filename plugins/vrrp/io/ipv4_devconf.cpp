#include "ipv4_devconf.hpp"
#include "rtnetlink_socket.hpp"

#include <linux/ip.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet.h>

#include <cstdint>

namespace routerd::vrrp {

Ipv4DevConf::Ipv4DevConf() : socket_(open_rtnetlink()) {}

Ipv4DevConf::~Ipv4DevConf() {
    nl_socket_free(socket_);
}

std::optional<std::uint32_t> Ipv4DevConf::get(int ifindex, int id) {
    rtnl_link* link = nullptr;
    if (rtnl_link_get_kernel(socket_, ifindex, nullptr, &link) < 0) return std::nullopt;
    std::uint32_t value = 0;
    const int status = rtnl_link_inet_get_conf(link, static_cast<unsigned>(id), &value);
    rtnl_link_put(link);
    if (status < 0) return std::nullopt;
    return value;
}

std::optional<std::string> Ipv4DevConf::set(
    int ifindex, const std::vector<std::pair<int, std::uint32_t>>& values) {
    rtnl_link* link = nullptr;
    int status = rtnl_link_get_kernel(socket_, ifindex, nullptr, &link);
    if (status < 0) return std::string(nl_geterror(status));
    rtnl_link* change = rtnl_link_alloc();
    for (const auto& [id, value] : values) {
        if (status >= 0) status = rtnl_link_inet_set_conf(change, static_cast<unsigned>(id), value);
    }
    if (status >= 0) status = rtnl_link_change(socket_, link, change, 0);
    rtnl_link_put(change);
    rtnl_link_put(link);
    if (status < 0) return std::string(nl_geterror(status));
    return std::nullopt;
}

}  // namespace routerd::vrrp
