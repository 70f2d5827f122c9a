#include "macvlan.hpp"
#include "rtnetlink_socket.hpp"

#include <linux/if.h>
#include <linux/if_link.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet6.h>
#include <netlink/route/link/macvlan.h>
#include <sys/socket.h>

#include <cstring>
#include <memory>

namespace routerd::vrrp {
namespace {

struct LinkPut {
    void operator()(rtnl_link* link) const { rtnl_link_put(link); }
};
using LinkPtr = std::unique_ptr<rtnl_link, LinkPut>;

std::string error_text(int status) {
    return nl_geterror(status);
}

}  // namespace

Macvlans::Macvlans() : socket_(open_rtnetlink()) {}

Macvlans::~Macvlans() {
    nl_socket_free(socket_);
}

bool Macvlans::is_macvlan(const std::string& name) {
    rtnl_link* found = nullptr;
    if (rtnl_link_get_kernel(socket_, 0, name.c_str(), &found) < 0) return false;
    const LinkPtr link(found);
    return rtnl_link_is_macvlan(link.get()) != 0;
}

std::optional<std::string> Macvlans::create(const MacvlanSpec& spec) {
    rtnl_link* found = nullptr;
    if (rtnl_link_get_kernel(socket_, 0, spec.name.c_str(), &found) >= 0) {
        const LinkPtr existing(found);
        if (!rtnl_link_is_macvlan(existing.get()))
            return spec.name + " exists and is not a macvlan";
        nl_addr* mac = rtnl_link_get_addr(existing.get());
        const bool same =
            rtnl_link_get_link(existing.get()) == spec.base_ifindex && mac &&
            nl_addr_get_len(mac) == spec.mac.size() &&
            std::memcmp(nl_addr_get_binary_addr(mac), spec.mac.data(), spec.mac.size()) == 0;
        if (!same) {
            if (const int status = rtnl_link_delete(socket_, existing.get()); status < 0)
                return "cannot delete the old " + spec.name + ": " + error_text(status);
        }
    }
    const LinkPtr link(rtnl_link_macvlan_alloc());
    if (!link) return std::string("out of memory");
    rtnl_link_set_name(link.get(), spec.name.c_str());
    rtnl_link_set_link(link.get(), spec.base_ifindex);
    // Private: frames from the other macvlans on the same base are not delivered, so two
    // instances on one host never hear each other through the base's bridge.
    rtnl_link_macvlan_set_mode(link.get(), MACVLAN_MODE_PRIVATE);
    nl_addr* mac = nl_addr_build(AF_LLC, spec.mac.data(), spec.mac.size());
    rtnl_link_set_addr(link.get(), mac);
    nl_addr_put(mac);
    int status = rtnl_link_add(socket_, link.get(), NLM_F_CREATE);
    if (status < 0 && status != -NLE_EXIST)
        return "cannot create " + spec.name + ": " + error_text(status);
    // Taken as it was, or made just now: no address generated from its MAC (set before it
    // goes up, and apart: the kernel takes no IPv6 settings with a new link), then up.
    rtnl_link* made = nullptr;
    status = rtnl_link_get_kernel(socket_, 0, spec.name.c_str(), &made);
    if (status < 0) return spec.name + ": " + error_text(status);
    const LinkPtr current(made);
    const LinkPtr no_addresses(rtnl_link_alloc());
    rtnl_link_inet6_set_addr_gen_mode(no_addresses.get(), IN6_ADDR_GEN_MODE_NONE);
    status = rtnl_link_change(socket_, current.get(), no_addresses.get(), 0);
    if (status < 0) return "cannot set " + spec.name + "'s addrgenmode: " + error_text(status);
    const LinkPtr up(rtnl_link_alloc());
    rtnl_link_set_flags(up.get(), IFF_UP);
    status = rtnl_link_change(socket_, current.get(), up.get(), 0);
    if (status < 0) return "cannot bring " + spec.name + " up: " + error_text(status);
    if (spec.link_local)
        return add_link_local(rtnl_link_get_ifindex(current.get()), *spec.link_local);
    return std::nullopt;
}

std::optional<std::string> Macvlans::add_link_local(int ifindex, const IpAddress& address) {
    rtnl_addr* addr = rtnl_addr_alloc();
    nl_addr* local = nl_addr_build(AF_INET6, address.bytes().data(), address.size());
    nl_addr_set_prefixlen(local, 64);
    rtnl_addr_set_local(addr, local);
    rtnl_addr_set_ifindex(addr, ifindex);
    rtnl_addr_set_flags(addr, IFA_F_NODAD);
    rtnl_addr_set_valid_lifetime(addr, 0xffffffff);
    rtnl_addr_set_preferred_lifetime(addr, 0);
    const int status = rtnl_addr_add(socket_, addr, NLM_F_REPLACE);
    nl_addr_put(local);
    rtnl_addr_put(addr);
    if (status < 0 && status != -NLE_EXIST)
        return "cannot add " + address.to_string() + " to the macvlan: " + error_text(status);
    return std::nullopt;
}

std::optional<std::string> Macvlans::remove(const std::string& name) {
    rtnl_link* found = nullptr;
    if (rtnl_link_get_kernel(socket_, 0, name.c_str(), &found) < 0) return std::nullopt;
    const LinkPtr link(found);
    if (!rtnl_link_is_macvlan(link.get())) return name + " is not a macvlan: left alone";
    if (const int status = rtnl_link_delete(socket_, link.get()); status < 0)
        return "cannot delete " + name + ": " + error_text(status);
    return std::nullopt;
}

}  // namespace routerd::vrrp
