// What an instance installs while MASTER, and [vrrp] static_ipaddress: its virtual addresses
// (the options of `ip address add` keepalived.conf(5) names), their one-line text (how the store
// records them for crash clean-up) and the rtnetlink request that adds or deletes one. Pure:
// bytes out. Its virtual routes are in virtual_route.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "types.hpp"
#include "virtual_route.hpp"

namespace routerd::vrrp {

inline constexpr std::uint32_t kForever = 0xffffffff;  // INFINITY_LIFE_TIME of ip-address(8)

struct VirtualAddress {
    IpAddress address;
    std::uint8_t prefix = 32;  // with a peer: the peer's prefix, as `ip address add` takes it
    std::string dev;           // empty: the instance's interface
    std::string label;         // IPv4 address label, e.g. "eth0:vip"
    std::optional<IpAddress> broadcast;  // IPv4 only; unset: none (Keepalived sets none either)
    std::uint8_t scope = 0;              // RT_SCOPE_UNIVERSE ("global"); IPv4 only
    std::optional<IpAddress> peer;       // the other end of a point-to-point link
    // IPv6 duplicate address detection is skipped unless asked for: a VIP moves between routers,
    // and DAD would hold it for seconds or leave it "dadfailed" (Keepalived: `-nodad` turns DAD
    // back on).
    bool nodad = true;
    bool home = false;           // IFA_F_HOMEADDRESS (Mobile IPv6)
    bool mngtmpaddr = false;     // IFA_F_MANAGETEMPADDR: make privacy addresses from it
    bool noprefixroute = false;  // IFA_F_NOPREFIXROUTE: no route for the prefix
    bool autojoin = false;       // IFA_F_MCAUTOJOIN: join the multicast group of the address
    // Seconds, kForever, or unset: an IPv6 /128 is deprecated (0: never a source address) and
    // any other address preferred forever, as Keepalived 2.2.7 installs them.
    std::optional<std::uint32_t> preferred_lft;
    // keepalived.conf(5) use_vmac on the address: on a VMAC of its own on its interface
    // (core/vmac.hpp AddressVmac), where the configuration puts it by naming that VMAC in `dev`.
    bool use_vmac = false;
    // keepalived.conf(5) no_track: a static address deleted by someone else is not re-added
    // (core/static_watch.hpp) and takes no track_group; a MASTER whose virtual address someone
    // deletes does not resign for it (Machine::resign).
    bool no_track = false;

    std::uint32_t preferred_lifetime() const;  // preferred_lft or its default
    // "address/prefix [peer address]": what identifies the address for removal.
    std::string text() const;
    // Reads back text() (the options that text() leaves out keep their defaults).
    static std::optional<VirtualAddress> parse(const std::string& text);
    bool operator==(const VirtualAddress&) const = default;
};

// The whole RTM_NEWADDR (`ip address add`, replacing an address that is there) or RTM_DELADDR
// netlink message for `address` on the interface `ifindex` (linux/if_addr.h), asking for an
// acknowledgement.
std::vector<std::uint8_t> address_request(const VirtualAddress& address, int ifindex, bool add);

}  // namespace routerd::vrrp
