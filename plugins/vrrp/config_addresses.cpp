#include "config_addresses.hpp"

#include <charconv>

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

}  // namespace

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
    VirtualAddress out{cidr->first, cidr->second, "", ""};
    if (table) {
        out.dev = node["dev"].string().value_or("");
        out.label = node["label"].string().value_or("");
    }
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
    if (node["via"].present()) route.via = parse_address(node["via"]);
    route.dev = node["dev"].string().value_or("");
    route.metric = static_cast<std::uint32_t>(node["metric"].integer(0, 0xffffffffLL).value_or(0));
    if (const Config table = node["table"]; table.present()) {
        const auto id = parse_table(table);
        if (!id) return std::nullopt;
        route.table = *id;
    }
    if (!cidr) return std::nullopt;
    route.destination = cidr->first;
    route.prefix = cidr->second;
    if (route.via && route.via->family() != route.destination.family()) {
        node["via"].error("is not of the same address family as 'to'");
        return std::nullopt;
    }
    return route;
}

}  // namespace routerd::vrrp
