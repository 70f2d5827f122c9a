// A route that routerd installs (keepalived.conf(5) virtual_routes and static_routes: the
// options of `ip route add`), its one-line text (how the store records it for crash clean-up)
// and the rtnetlink request that adds or deletes it. Pure: bytes out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "types.hpp"

namespace routerd::vrrp {

// Routes routerd installs carry this protocol unless told otherwise, as Keepalived's carry
// RTPROT_KEEPALIVED ("proto keepalived" in `ip route`).
inline constexpr std::uint8_t kProtocolKeepalived = 18;

// rtm_type values (linux/rtnetlink.h) a configured route may have.
enum class RouteType : std::uint8_t {
    unicast = 1,
    blackhole = 6,
    unreachable = 7,
    prohibit = 8,
    throw_ = 9,
};

struct VirtualRoute {
    IpAddress destination;
    std::uint8_t prefix = 32;
    std::optional<IpAddress> via;
    std::string dev;            // empty: the instance's interface (a unicast route)
    std::uint32_t metric = 0;   // 0: the kernel's default (IPv6: 1024)
    std::uint32_t table = 254;  // RT_TABLE_MAIN
    RouteType type = RouteType::unicast;
    std::optional<IpAddress> src;  // RTA_PREFSRC
    std::uint8_t protocol = kProtocolKeepalived;
    std::optional<std::uint8_t> scope;  // unset: as `ip route add` picks (link without via)
    std::uint8_t tos = 0;
    bool onlink = false;  // RTNH_F_ONLINK: the gateway is on the link even without a subnet
    // RTA_METRICS: (RTAX_* type, value) by type, e.g. {RTAX_MTU, 1400}.
    std::vector<std::pair<std::uint16_t, std::uint32_t>> metrics;
    // keepalived.conf(5) no_track: a static route deleted by someone else is not re-added
    // (core/static_watch.hpp) and takes no track_group. (routerd does not watch the instances'
    // virtual routes: they are all as if no_track.)
    bool no_track = false;

    // A blackhole, unreachable, prohibit or throw route goes through no interface.
    bool has_interface() const { return type == RouteType::unicast; }
    std::uint8_t effective_scope() const;
    // "[type] dst/prefix [via gw] [dev name] [table N] [proto N] [tos N] [onlink]" (the defaults
    // left out): what identifies the route for removal.
    std::string text() const;
    // Reads back text() (the options that text() leaves out keep their defaults).
    static std::optional<VirtualRoute> parse(const std::string& text);
    bool operator==(const VirtualRoute&) const = default;
};

// The whole RTM_NEWROUTE (`ip route replace`) or RTM_DELROUTE netlink message for `route`
// through the interface `ifindex` (0: none), asking for an acknowledgement.
std::vector<std::uint8_t> route_request(const VirtualRoute& route, int ifindex, bool add);

}  // namespace routerd::vrrp
