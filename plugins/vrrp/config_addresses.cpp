#include "config_addresses.hpp"

#include <linux/rtnetlink.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <string_view>

namespace routerd::vrrp {
namespace {

using sdk::Config;

std::optional<std::uint8_t> parse_prefix(std::string_view text, Family family) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    const unsigned max = family == Family::ipv4 ? 32 : 128;
    if (error != std::errc() || end != text.data() + text.size() || value > max) {
        return std::nullopt;
    }
    return static_cast<std::uint8_t>(value);
}

std::optional<std::uint8_t> u8(const Config& node) {
    const auto value = u32(node, 0, 255);
    return value ? std::optional(static_cast<std::uint8_t>(*value)) : std::nullopt;
}

// A number 0..255, or a name of `names` (iproute2's names for scopes and protocols).
template <size_t N>
std::optional<std::uint8_t> number_or_name(
    const Config& node, const std::array<std::pair<std::string_view, std::uint8_t>, N>& names) {
    if (node.type() != ROUTERD_CONFIG_STRING) return u8(node);
    const std::string text = *node.string();
    std::string known;
    for (const auto& [name, value] : names) {
        if (text == name) return value;
        known += (known.empty() ? "" : ", ") + std::string(name);
    }
    node.error("'" + text + "' is not a number from 0 to 255 or one of " + known);
    return std::nullopt;
}

// `ip address` / `ip route` scope (/etc/iproute2/rt_scopes).
std::optional<std::uint8_t> parse_scope(const Config& node) {
    static constexpr std::array<std::pair<std::string_view, std::uint8_t>, 5> kScopes{{
        {"global", RT_SCOPE_UNIVERSE},
        {"site", RT_SCOPE_SITE},
        {"link", RT_SCOPE_LINK},
        {"host", RT_SCOPE_HOST},
        {"nowhere", RT_SCOPE_NOWHERE},
    }};
    return number_or_name(node, kScopes);
}

// `ip route` protocol (/etc/iproute2/rt_protos).
std::optional<std::uint8_t> parse_protocol(const Config& node) {
    static constexpr std::array<std::pair<std::string_view, std::uint8_t>, 21> kProtocols{{
        {"unspec", 0},    {"redirect", 1}, {"kernel", 2}, {"boot", 3},   {"static", 4},
        {"gated", 8},     {"ra", 9},       {"mrt", 10},   {"zebra", 11}, {"bird", 12},
        {"dnrouted", 13}, {"xorp", 14},    {"ntk", 15},   {"dhcp", 16},  {"keepalived", 18},
        {"babel", 42},    {"openr", 99},   {"bgp", 186},  {"isis", 187}, {"ospf", 188},
        {"rip", 189},
    }};
    return number_or_name(node, kProtocols);
}

// `brd`: an IPv4 address, or "+" / "-" for the address with its host bits set / cleared
// (keepalived.conf(5), ip-address(8)).
std::optional<IpAddress> parse_broadcast(const Config& node, const IpAddress& address,
                                         std::uint8_t prefix) {
    const std::optional<std::string> text = node.string();
    if (!text) return std::nullopt;
    if (*text == "+" || *text == "-") {
        std::array<std::uint8_t, 4> bytes{};
        for (size_t i = 0; i < 4; ++i) {
            const unsigned bits = prefix >= 8 * (i + 1) ? 8 : prefix > 8 * i ? prefix - 8 * i : 0;
            const auto host = static_cast<std::uint8_t>(0xff >> bits);
            bytes[i] = static_cast<std::uint8_t>(*text == "+" ? address.bytes()[i] | host
                                                              : address.bytes()[i] & ~host);
        }
        return IpAddress::v4(bytes);
    }
    const auto broadcast = parse_address(node);
    if (broadcast && broadcast->family() != Family::ipv4) {
        node.error("is not an IPv4 address");
        return std::nullopt;
    }
    return broadcast;
}

// `preferred_lft`: a duration in whole seconds, or "forever".
std::optional<std::uint32_t> parse_lifetime(const Config& node) {
    if (node.type() == ROUTERD_CONFIG_STRING && node.string() == "forever") return kForever;
    const auto duration = node.duration();
    if (!duration) return std::nullopt;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(*duration).count();
    if (std::chrono::seconds(seconds) != *duration || seconds >= kForever) {
        node.error("is not a whole number of seconds below 4294967295s, or \"forever\"");
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(seconds);
}

bool reads_ipv4_only(const Config& node, Family family) {
    if (!node.present() || family == Family::ipv4) return true;
    node.error(
        "is for IPv4 addresses only (IPv6 takes its scope from the address and has no "
        "broadcast)");
    return false;
}

// The RTA_METRICS a route may set (ip-route(8)), in the order of their RTAX_ numbers.
bool parse_route_metrics(const Config& node, VirtualRoute& route) {
    static constexpr std::array<std::pair<std::string_view, std::uint16_t>, 8> kNumbers{{
        {"window", RTAX_WINDOW},
        {"ssthresh", RTAX_SSTHRESH},
        {"cwnd", RTAX_CWND},
        {"advmss", RTAX_ADVMSS},
        {"reordering", RTAX_REORDERING},
        {"hoplimit", RTAX_HOPLIMIT},
        {"initcwnd", RTAX_INITCWND},
        {"initrwnd", RTAX_INITRWND},
    }};
    bool ok = true;
    auto add = [&](std::uint16_t type, std::uint32_t value) {
        route.metrics.emplace_back(type, value);
    };
    if (const Config mtu = node["mtu"]; mtu.present()) {
        const auto value = u32(mtu, 68, 0xffffffffLL);  // RFC 791: every IPv4 link passes 68
        if (value) add(RTAX_MTU, *value);
        ok = value.has_value() && ok;
    }
    for (const auto& [key, type] : kNumbers) {
        const Config value_node = node[key];
        if (!value_node.present()) continue;
        const auto value = key == "hoplimit" ? u32(value_node, 1, 255) : u32(value_node);
        if (value) add(type, *value);
        ok = value.has_value() && ok;
    }
    if (node["ecn"].boolean().value_or(false)) add(RTAX_FEATURES, RTAX_FEATURE_ECN);
    if (const Config rto = node["rto_min"]; rto.present()) {
        const auto duration = rto.duration();
        if (duration) {
            add(RTAX_RTO_MIN,
                static_cast<std::uint32_t>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(*duration).count()));
        }
        ok = duration.has_value() && ok;
    }
    if (node["quickack"].boolean().value_or(false)) add(RTAX_QUICKACK, 1);
    if (node["fastopen_no_cookie"].boolean().value_or(false)) add(RTAX_FASTOPEN_NO_COOKIE, 1);
    std::sort(route.metrics.begin(), route.metrics.end());
    return ok;
}

std::optional<RouteType> parse_route_type(const Config& node) {
    if (!node.present()) return RouteType::unicast;
    const auto name = node.one_of({"unicast", "blackhole", "unreachable", "prohibit", "throw"});
    if (!name) return std::nullopt;
    if (*name == "blackhole") return RouteType::blackhole;
    if (*name == "unreachable") return RouteType::unreachable;
    if (*name == "prohibit") return RouteType::prohibit;
    if (*name == "throw") return RouteType::throw_;
    return RouteType::unicast;
}

}  // namespace

std::optional<std::uint32_t> u32(const Config& node, std::int64_t min, std::int64_t max) {
    const auto value = node.integer(min, max);
    return value ? std::optional(static_cast<std::uint32_t>(*value)) : std::nullopt;
}

std::optional<std::pair<IpAddress, std::uint8_t>> parse_cidr(const Config& node) {
    const std::optional<std::string> text = node.string();
    if (!text) return std::nullopt;
    const size_t slash = text->find('/');
    const std::optional<IpAddress> address = IpAddress::parse(text->substr(0, slash));
    if (!address) {
        node.error("'" + *text + "' is not an IPv4 or IPv6 address");
        return std::nullopt;
    }
    std::uint8_t prefix = address->family() == Family::ipv4 ? 32 : 128;
    if (slash != std::string::npos) {
        const auto parsed =
            parse_prefix(std::string_view(*text).substr(slash + 1), address->family());
        if (!parsed) {
            node.error("'" + *text + "' has an invalid prefix length");
            return std::nullopt;
        }
        prefix = *parsed;
    }
    return std::make_pair(*address, prefix);
}

std::optional<std::uint32_t> parse_table(const Config& node) {
    if (node.type() == ROUTERD_CONFIG_STRING) {
        // The names of /etc/iproute2/rt_tables that every system has.
        const auto name = node.one_of({"main", "local", "default"});
        if (!name) return std::nullopt;
        return *name == "main" ? 254u : *name == "local" ? 255u : 253u;
    }
    const auto id = node.integer(1, 0xffffffffLL);
    if (!id) return std::nullopt;
    return static_cast<std::uint32_t>(*id);
}

std::optional<IpAddress> parse_address(const Config& node) {
    const std::optional<std::string> text = node.string();
    if (!text) return std::nullopt;
    std::optional<IpAddress> address = IpAddress::parse(*text);
    if (!address) node.error("'" + *text + "' is not an IPv4 or IPv6 address");
    return address;
}

std::optional<VirtualAddress> parse_virtual_address(const Config& node) {
    const bool table = node.type() == ROUTERD_CONFIG_TABLE;
    const Config address_node = table ? node["address"] : node;
    if (table && !address_node.present()) {
        address_node.error("is required");
        return std::nullopt;
    }
    auto cidr = parse_cidr(address_node);
    if (!cidr) return std::nullopt;
    VirtualAddress out;
    out.address = cidr->first;
    out.prefix = cidr->second;
    if (!table) return out;
    const Family family = out.address.family();
    out.dev = node["dev"].string().value_or("");
    out.label = node["label"].string().value_or("");
    out.no_track = node["no_track"].boolean().value_or(false);
    bool ok = true;
    if (const Config peer = node["peer"]; peer.present()) {
        // ip-address(8): with a peer, the prefix length is the peer's (Keepalived ignores one
        // on the local address).
        if (address_node.string()->find('/') != std::string::npos) {
            address_node.error("takes no prefix length with peer: give it on the peer");
            ok = false;
        } else if (const auto p = parse_cidr(peer); !p) {
            ok = false;
        } else if (p->first.family() != family) {
            peer.error("is not of the same address family as 'address'");
            ok = false;
        } else {
            out.peer = p->first;
            out.prefix = p->second;
        }
    }
    if (const Config brd = node["brd"]; brd.present() && reads_ipv4_only(brd, family)) {
        out.broadcast = parse_broadcast(brd, out.address, out.prefix);
        ok = out.broadcast.has_value() && ok;
    } else if (brd.present()) {
        ok = false;
    }
    if (const Config scope = node["scope"]; scope.present() && reads_ipv4_only(scope, family)) {
        const auto value = parse_scope(scope);
        out.scope = value.value_or(0);
        ok = value.has_value() && ok;
    } else if (scope.present()) {
        ok = false;
    }
    if (const Config nodad = node["nodad"]; nodad.present() && family == Family::ipv4) {
        nodad.error("is for IPv6 addresses only (IPv4 has no duplicate address detection)");
        ok = false;
    }
    out.nodad = node["nodad"].boolean().value_or(true);
    out.home = node["home"].boolean().value_or(false);
    out.mngtmpaddr = node["mngtmpaddr"].boolean().value_or(false);
    out.noprefixroute = node["noprefixroute"].boolean().value_or(false);
    out.autojoin = node["autojoin"].boolean().value_or(false);
    out.use_vmac = node["use_vmac"].boolean().value_or(false);
    ok = optional_value(node["preferred_lft"], out.preferred_lft, parse_lifetime) && ok;
    if (!ok) return std::nullopt;
    return out;
}

std::optional<VirtualRoute> parse_virtual_route(const Config& node) {
    if (node.type() != ROUTERD_CONFIG_TABLE) {
        node.error("expected a table like { to = \"10.0.0.0/8\", via = \"172.16.0.1\" }");
        return std::nullopt;
    }
    const Config to = node["to"];
    if (!to.present()) to.error("is required");
    auto cidr = parse_cidr(to);
    VirtualRoute route;
    route.no_track = node["no_track"].boolean().value_or(false);
    const auto type = parse_route_type(node["type"]);
    bool ok = type.has_value();
    route.type = type.value_or(RouteType::unicast);
    if (!route.has_interface()) {
        // ip-route(8): such a route discards (or throws) the packet; it leaves by no interface.
        for (const char* key : {"via", "dev", "onlink"}) {
            if (!node[key].present()) continue;
            node[key].error("cannot go with type = \"" + *node["type"].string() +
                            "\": such a route leaves by no interface");
            ok = false;
        }
    }
    if (node["via"].present()) route.via = parse_address(node["via"]);
    route.dev = node["dev"].string().value_or("");
    // `metric` is `ip route`'s metric, priority and preference.
    route.metric = static_cast<std::uint32_t>(node["metric"].integer(0, 0xffffffffLL).value_or(0));
    if (const Config table = node["table"]; table.present()) {
        const auto id = parse_table(table);
        if (!id) return std::nullopt;
        route.table = *id;
    }
    ok = optional_value(node["src"], route.src, parse_address) && ok;
    if (const Config protocol = node["protocol"]; protocol.present()) {
        const auto value = parse_protocol(protocol);
        route.protocol = value.value_or(kProtocolKeepalived);
        ok = value.has_value() && ok;
    }
    ok = optional_value(node["scope"], route.scope, parse_scope) && ok;
    if (const Config tos = node["tos"]; tos.present()) {
        const auto value = u8(tos);
        route.tos = value.value_or(0);
        ok = value.has_value() && ok;
    }
    route.onlink = node["onlink"].boolean().value_or(false);
    ok = parse_route_metrics(node, route) && ok;
    if (!cidr || !ok) return std::nullopt;
    route.destination = cidr->first;
    route.prefix = cidr->second;
    for (const auto& [key, address] : {std::pair{"via", route.via}, std::pair{"src", route.src}}) {
        if (address && address->family() != route.destination.family()) {
            node[key].error("is not of the same address family as 'to'");
            return std::nullopt;
        }
    }
    return route;
}

}  // namespace routerd::vrrp
