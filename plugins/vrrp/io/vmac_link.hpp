// An instance's own interface on top of its interface, through rtnetlink (libnl-route-3), made
// as Keepalived 2.2.7 makes it (vrrp_vmac.c), and deleted:
//  - use_vmac: a macvlan, mode private, with the virtual MAC;
//  - use_ipvlan: an ipvlan, mode L2, with the mode flags given (bridge, private, vepa) and, when
//    given, its own address.
// Neither generates an IPv6 address from its MAC: RFC 5798 §7.4 wants adverts from the router's
// own link-local address.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "announce.hpp"
#include "types.hpp"
#include "virtual_address.hpp"
#include "vmac.hpp"

struct nl_sock;

namespace routerd::vrrp {

struct VmacLinkSpec {
    std::string name;
    int base_ifindex = 0;
    MacAddress mac{};              // a macvlan's
    std::optional<Ipvlan> ipvlan;  // set: an ipvlan (whose MAC is the base's), not a macvlan
    // IPv6: the base interface's link-local address, which the link gets too (without DAD,
    // never preferred as a source for other traffic), to send adverts from as Keepalived does.
    std::optional<IpAddress> link_local;
};

// Errors are returned as text.
class VmacLinks {
  public:
    VmacLinks();  // throws std::runtime_error when rtnetlink cannot be opened
    ~VmacLinks();
    VmacLinks(const VmacLinks&) = delete;
    VmacLinks& operator=(const VmacLinks&) = delete;

    // Makes `spec` and brings it up. A link of that name, kind and base (and MAC, for a
    // macvlan) is taken as it is (a reload, a restart); one that differs is deleted and made
    // again; an interface of that name that is neither a macvlan nor an ipvlan is refused.
    std::optional<std::string> create(const VmacLinkSpec& spec);
    // Deletes the link `name`; an interface that is gone is no error, and one that is neither
    // a macvlan nor an ipvlan is never deleted.
    std::optional<std::string> remove(const std::string& name);

  private:
    std::optional<std::string> add(const VmacLinkSpec& spec);
    std::optional<std::string> add_address(int ifindex, const IpAddress& address,
                                           std::uint8_t prefix, bool hidden);
    nl_sock* socket_;
};

}  // namespace routerd::vrrp
