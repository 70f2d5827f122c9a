#include "virtual_route.hpp"

#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <array>
#include <sstream>
#include <string_view>

#include "netlink_request.hpp"

namespace routerd::vrrp {
namespace {

constexpr std::array<std::pair<RouteType, std::string_view>, 4> kTypeNames{{
    {RouteType::blackhole, "blackhole"},
    {RouteType::unreachable, "unreachable"},
    {RouteType::prohibit, "prohibit"},
    {RouteType::throw_, "throw"},
}};

std::optional<std::uint32_t> number(const std::string& text) {
    try {
        size_t used = 0;
        const unsigned long value = std::stoul(text, &used);
        if (used != text.size() || value > 0xffffffffUL) return std::nullopt;
        return static_cast<std::uint32_t>(value);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

std::uint8_t VirtualRoute::effective_scope() const {
    if (scope) return *scope;
    // `ip route add`: a unicast route without a gateway is on the link.
    return static_cast<std::uint8_t>(type == RouteType::unicast && !via ? RT_SCOPE_LINK
                                                                        : RT_SCOPE_UNIVERSE);
}

std::string VirtualRoute::text() const {
    std::string out;
    for (const auto& [t, name] : kTypeNames) {
        if (t == type) out = std::string(name) + " ";
    }
    out += destination.to_string() + "/" + std::to_string(prefix);
    if (via) out += " via " + via->to_string();
    if (!dev.empty()) out += " dev " + dev;
    if (table != 254) out += " table " + std::to_string(table);
    if (protocol != kProtocolKeepalived) out += " proto " + std::to_string(protocol);
    if (tos != 0) out += " tos " + std::to_string(tos);
    if (onlink) out += " onlink";
    return out;
}

std::optional<VirtualRoute> VirtualRoute::parse(const std::string& text) {
    std::istringstream in(text);
    VirtualRoute route;
    std::string word;
    in >> word;
    for (const auto& [t, name] : kTypeNames) {
        if (word == name) {
            route.type = t;
            in >> word;
        }
    }
    const size_t slash = word.find('/');
    const auto destination = IpAddress::parse(word.substr(0, slash));
    const auto prefix = slash == std::string::npos ? std::nullopt : number(word.substr(slash + 1));
    if (!destination || !prefix || *prefix > destination->size() * 8) return std::nullopt;
    route.destination = *destination;
    route.prefix = static_cast<std::uint8_t>(*prefix);
    std::string value;
    while (in >> word) {
        if (word == "onlink") {
            route.onlink = true;
            continue;
        }
        if (!(in >> value)) return std::nullopt;
        if (word == "via") {
            if (!(route.via = IpAddress::parse(value))) return std::nullopt;
        } else if (word == "dev") {
            route.dev = value;
        } else {
            const auto n = number(value);
            if (!n) return std::nullopt;
            if (word == "table") {
                route.table = *n;
            } else if (word == "proto" && *n < 256) {
                route.protocol = static_cast<std::uint8_t>(*n);
            } else if (word == "tos" && *n < 256) {
                route.tos = static_cast<std::uint8_t>(*n);
            } else {
                return std::nullopt;
            }
        }
    }
    return route;
}

std::vector<std::uint8_t> route_request(const VirtualRoute& route, int ifindex, bool add) {
    rtmsg header{};
    header.rtm_family = route.destination.family() == Family::ipv4 ? AF_INET : AF_INET6;
    header.rtm_dst_len = route.prefix;
    header.rtm_tos = route.tos;
    // As `ip route` does: small table ids in the header too, every id in RTA_TABLE.
    header.rtm_table = static_cast<std::uint8_t>(route.table < 256 ? route.table : RT_TABLE_UNSPEC);
    header.rtm_protocol = route.protocol;
    // `ip route del` matches a route of any scope.
    header.rtm_scope = add ? route.effective_scope() : std::uint8_t{RT_SCOPE_NOWHERE};
    header.rtm_type = static_cast<std::uint8_t>(route.type);
    header.rtm_flags = route.onlink ? RTNH_F_ONLINK : 0;
    NetlinkRequest r(add ? RTM_NEWROUTE : RTM_DELROUTE, add ? NLM_F_CREATE | NLM_F_REPLACE : 0,
                     header);
    r.put(RTA_DST, route.destination.bytes().data(), route.destination.size());
    if (route.src) r.put(RTA_PREFSRC, route.src->bytes().data(), route.src->size());
    if (route.via) r.put(RTA_GATEWAY, route.via->bytes().data(), route.via->size());
    if (ifindex > 0) r.put(RTA_OIF, static_cast<std::uint32_t>(ifindex));
    if (route.metric != 0) r.put(RTA_PRIORITY, route.metric);
    r.put(RTA_TABLE, route.table);
    if (!route.metrics.empty()) {
        const size_t nest = r.begin_nested(RTA_METRICS);
        for (const auto& [type, value] : route.metrics)
            r.put(type, value);
        r.end_nested(nest);
    }
    return std::move(r).done();
}

}  // namespace routerd::vrrp
