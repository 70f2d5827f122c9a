#include "vmac_link.hpp"
#include "rtnetlink_socket.hpp"

#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet6.h>
#include <netlink/route/link/ipvlan.h>
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

bool is_kind(rtnl_link* link, const VmacLinkSpec& spec) {
    if (!spec.ipvlan) return rtnl_link_is_macvlan(link) != 0;
    std::uint16_t mode = 0;
    return rtnl_link_is_ipvlan(link) != 0 && rtnl_link_ipvlan_get_mode(link, &mode) == 0 &&
           mode == IPVLAN_MODE_L2;
}

// An existing link that `spec` can take as it is. An ipvlan's flags are not compared: libnl
// does not read them, and Keepalived takes an existing ipvlan of that name as it is too.
bool matches(rtnl_link* link, const VmacLinkSpec& spec) {
    if (!is_kind(link, spec) || rtnl_link_get_link(link) != spec.base_ifindex) return false;
    if (spec.ipvlan) return true;
    nl_addr* mac = rtnl_link_get_addr(link);
    return mac && nl_addr_get_len(mac) == spec.mac.size() &&
           std::memcmp(nl_addr_get_binary_addr(mac), spec.mac.data(), spec.mac.size()) == 0;
}

}  // namespace

VmacLinks::VmacLinks() : socket_(open_rtnetlink()) {}

VmacLinks::~VmacLinks() {
    nl_socket_free(socket_);
}

// RTM_NEWLINK written out: libnl cannot set IFLA_IPVLAN_FLAGS, and one request serves both
// kinds (keepalived's netlink_link_add_vmac and netlink_link_add_ipvlan send the same ones).
std::optional<std::string> VmacLinks::add(const VmacLinkSpec& spec) {
    nl_msg* msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    if (!msg) return std::string("out of memory");
    ifinfomsg header{};
    header.ifi_family = AF_UNSPEC;
    bool built = nlmsg_append(msg, &header, sizeof header, NLMSG_ALIGNTO) == 0 &&
                 nla_put_u32(msg, IFLA_LINK, static_cast<std::uint32_t>(spec.base_ifindex)) == 0 &&
                 nla_put_string(msg, IFLA_IFNAME, spec.name.c_str()) == 0;
    if (built && !spec.ipvlan)
        built = nla_put(msg, IFLA_ADDRESS, spec.mac.size(), spec.mac.data()) == 0;
    nlattr* info = built ? nla_nest_start(msg, IFLA_LINKINFO) : nullptr;
    built = info && nla_put_string(msg, IFLA_INFO_KIND, spec.ipvlan ? "ipvlan" : "macvlan") == 0;
    nlattr* data = built ? nla_nest_start(msg, IFLA_INFO_DATA) : nullptr;
    built = data != nullptr;
    if (built && spec.ipvlan) {
        built =
            nla_put_u16(msg, IFLA_IPVLAN_MODE, IPVLAN_MODE_L2) == 0 &&
            nla_put_u16(msg, IFLA_IPVLAN_FLAGS, static_cast<std::uint16_t>(spec.ipvlan->mode)) == 0;
    } else if (built) {
        // Private: frames from the other macvlans on the same base are not delivered, so two
        // instances on one host never hear each other through the base's bridge.
        built = nla_put_u32(msg, IFLA_MACVLAN_MODE, MACVLAN_MODE_PRIVATE) == 0;
    }
    if (!built) {
        nlmsg_free(msg);
        return std::string("the request does not fit a netlink message");
    }
    nla_nest_end(msg, data);
    nla_nest_end(msg, info);
    const int status = nl_send_sync(socket_, msg);  // frees msg
    if (status < 0 && status != -NLE_EXIST)
        return "cannot create " + spec.name + ": " + error_text(status);
    return std::nullopt;
}

std::optional<std::string> VmacLinks::create(const VmacLinkSpec& spec) {
    rtnl_link* found = nullptr;
    if (rtnl_link_get_kernel(socket_, 0, spec.name.c_str(), &found) >= 0) {
        const LinkPtr existing(found);
        if (!rtnl_link_is_macvlan(existing.get()) && !rtnl_link_is_ipvlan(existing.get()))
            return spec.name + " exists and is neither a macvlan nor an ipvlan";
        if (!matches(existing.get(), spec)) {
            if (const int status = rtnl_link_delete(socket_, existing.get()); status < 0)
                return "cannot delete the old " + spec.name + ": " + error_text(status);
        }
    }
    if (auto error = add(spec)) return error;
    // Taken as it was, or made just now: no address generated from its MAC (set before it
    // goes up, and apart: the kernel takes no IPv6 settings with a new link), then up.
    rtnl_link* made = nullptr;
    int status = rtnl_link_get_kernel(socket_, 0, spec.name.c_str(), &made);
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
    const int index = rtnl_link_get_ifindex(current.get());
    if (spec.ipvlan && spec.ipvlan->address) {
        const VirtualAddress& own = *spec.ipvlan->address;
        if (auto error = add_address(index, own.address, own.prefix, false)) return error;
    }
    if (spec.link_local) return add_address(index, *spec.link_local, 64, true);
    return std::nullopt;
}

// `hidden`: the base's link-local address, shared: no DAD (the base holds it already) and
// never preferred as a source for other traffic.
std::optional<std::string> VmacLinks::add_address(int ifindex, const IpAddress& address,
                                                  std::uint8_t prefix, bool hidden) {
    rtnl_addr* addr = rtnl_addr_alloc();
    nl_addr* local = nl_addr_build(address.family() == Family::ipv4 ? AF_INET : AF_INET6,
                                   address.bytes().data(), address.size());
    nl_addr_set_prefixlen(local, prefix);
    rtnl_addr_set_local(addr, local);
    rtnl_addr_set_ifindex(addr, ifindex);
    if (hidden) {
        rtnl_addr_set_flags(addr, IFA_F_NODAD);
        rtnl_addr_set_valid_lifetime(addr, 0xffffffff);
        rtnl_addr_set_preferred_lifetime(addr, 0);
    }
    const int status = rtnl_addr_add(socket_, addr, NLM_F_REPLACE);
    nl_addr_put(local);
    rtnl_addr_put(addr);
    if (status < 0 && status != -NLE_EXIST)
        return "cannot add " + address.to_string() + ": " + error_text(status);
    return std::nullopt;
}

std::optional<std::string> VmacLinks::remove(const std::string& name) {
    rtnl_link* found = nullptr;
    if (rtnl_link_get_kernel(socket_, 0, name.c_str(), &found) < 0) return std::nullopt;
    const LinkPtr link(found);
    if (!rtnl_link_is_macvlan(link.get()) && !rtnl_link_is_ipvlan(link.get()))
        return name + " is neither a macvlan nor an ipvlan: left alone";
    if (const int status = rtnl_link_delete(socket_, link.get()); status < 0)
        return "cannot delete " + name + ": " + error_text(status);
    return std::nullopt;
}

}  // namespace routerd::vrrp
