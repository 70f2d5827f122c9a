#include "config_rules.hpp"

#include <charconv>
#include <map>

#include "config_addresses.hpp"

namespace routerd::vrrp {
namespace {

using sdk::Config;

std::optional<std::uint32_t> whole(std::string_view text) {
    std::uint32_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

// N, or "FIRST-LAST" (`ip rule`'s sport, dport and uidrange), each at most `max`.
std::optional<RuleRange> parse_range(const Config& node, std::uint32_t max) {
    if (node.type() != ROUTERD_CONFIG_STRING) {
        const auto value = u32(node, 0, max);
        return value ? std::optional(RuleRange{*value, *value}) : std::nullopt;
    }
    const std::string text = *node.string();
    const size_t dash = text.find('-');
    const auto first = whole(std::string_view(text).substr(0, dash));
    const auto last =
        dash == std::string::npos ? first : whole(std::string_view(text).substr(dash + 1));
    if (!first || !last || *first > *last || *last > max) {
        node.error("'" + text + "' is not a range FIRST-LAST of numbers from 0 to " +
                   std::to_string(max));
        return std::nullopt;
    }
    return RuleRange{*first, *last};
}

// FROM/TO realms (two 16-bit numbers), or TO alone: carried as FROM << 16 | TO.
std::optional<std::uint32_t> parse_realms(const Config& node) {
    if (node.type() != ROUTERD_CONFIG_STRING) return u32(node, 0, 0xffff);
    const std::string text = *node.string();
    const size_t slash = text.find('/');
    const auto from = slash == std::string::npos ? std::optional<std::uint32_t>(0)
                                                 : whole(std::string_view(text).substr(0, slash));
    const auto to = whole(slash == std::string::npos ? std::string_view(text)
                                                     : std::string_view(text).substr(slash + 1));
    if (!from || !to || *from > 0xffff || *to > 0xffff) {
        node.error("'" + text + "' is not realms FROM/TO (numbers from 0 to 65535)");
        return std::nullopt;
    }
    return *from << 16 | *to;
}

// A protocol number, or the name of one that policy routing rules usually match.
std::optional<std::uint8_t> parse_ipproto(const Config& node) {
    static const std::map<std::string, std::uint8_t> kNames = {
        {"icmp", 1}, {"tcp", 6},        {"udp", 17},  {"gre", 47},
        {"esp", 50}, {"ipv6-icmp", 58}, {"sctp", 132}};
    if (node.type() != ROUTERD_CONFIG_STRING) {
        const auto value = u32(node, 0, 255);
        return value ? std::optional(static_cast<std::uint8_t>(*value)) : std::nullopt;
    }
    const std::string name = *node.string();
    const auto it = kNames.find(name);
    if (it == kNames.end()) {
        node.error("'" + name +
                   "' is not a protocol number or one of icmp, tcp, udp, gre, esp, "
                   "ipv6-icmp, sctp");
        return std::nullopt;
    }
    return it->second;
}

// from / to: an address with its prefix length, or "all" (any).
bool parse_selector(const Config& node, std::optional<RulePrefix>& out) {
    if (!node.present() || (node.type() == ROUTERD_CONFIG_STRING && node.string() == "all"))
        return true;
    const auto cidr = parse_cidr(node);
    if (cidr) out = RulePrefix{cidr->first, cidr->second};
    return cidr.has_value();
}

}  // namespace

std::optional<VirtualRule> parse_virtual_rule(const Config& node) {
    if (node.type() != ROUTERD_CONFIG_TABLE) {
        node.error("expected a table like { from = \"10.0.0.0/8\", table = 100 }");
        return std::nullopt;
    }
    VirtualRule r;
    bool ok = parse_selector(node["from"], r.from);
    ok = parse_selector(node["to"], r.to) && ok;
    ok = optional_value(node["priority"], r.priority, [](const Config& n) { return u32(n); }) && ok;
    ok = optional_value(node["table"], r.table, parse_table) && ok;
    ok = optional_value(node["fwmark"], r.fwmark, [](const Config& n) { return u32(n); }) && ok;
    ok = optional_value(node["fwmask"], r.fwmask, [](const Config& n) { return u32(n); }) && ok;
    ok = optional_value(node["realms"], r.realms, parse_realms) && ok;
    if (const Config tos = node["tos"]; tos.present()) {
        const auto value = u32(tos, 0, 255);
        r.tos = static_cast<std::uint8_t>(value.value_or(0));
        ok = value.has_value() && ok;
    }
    r.iif = node["iif"].string().value_or("");
    r.oif = node["oif"].string().value_or("");
    const auto port = [](const Config& n) { return parse_range(n, 65535); };
    ok = optional_value(node["sport"], r.sport, port) && ok;
    ok = optional_value(node["dport"], r.dport, port) && ok;
    ok = optional_value(node["ipproto"], r.ipproto, parse_ipproto) && ok;
    ok = optional_value(node["uidrange"], r.uidrange,
                        [](const Config& n) { return parse_range(n, 0xffffffffu); }) &&
         ok;
    r.l3mdev = node["l3mdev"].boolean().value_or(false);
    ok = optional_value(node["suppress_prefixlength"], r.suppress_prefixlength,
                        [](const Config& n) { return u32(n, 0, 128); }) &&
         ok;
    ok = optional_value(node["suppress_ifgroup"], r.suppress_ifgroup,
                        [](const Config& n) { return u32(n); }) &&
         ok;
    ok =
        optional_value(node["goto"], r.goto_priority, [](const Config& n) { return u32(n); }) && ok;
    r.no_track = node["no_track"].boolean().value_or(false);
    if (!ok) return std::nullopt;

    // The family: the addresses', or `family` for a rule that has none (keepalived.conf(5):
    // IPv4 unless inet6 says otherwise).
    std::optional<Family> family;
    for (const auto& [key, selector] : {std::pair{"from", r.from}, std::pair{"to", r.to}}) {
        if (!selector) continue;
        if (family && *family != selector->address.family()) {
            node[key].error("is not of the same address family as 'from'");
            return std::nullopt;
        }
        family = selector->address.family();
    }
    if (const Config f = node["family"]; f.present()) {
        const auto name = f.one_of({"ipv4", "ipv6"});
        if (!name) return std::nullopt;
        const Family wanted = *name == "ipv4" ? Family::ipv4 : Family::ipv6;
        if (family && *family != wanted) {
            f.error("disagrees with the rule's addresses");
            return std::nullopt;
        }
        family = wanted;
    }
    r.family = family.value_or(Family::ipv4);

    // What the rule does: look up a table (main unless given, as `ip rule add` does), jump to
    // a later rule, or use the VRF's table (l3mdev). The kernel takes one.
    if (r.goto_priority && (r.table || r.l3mdev)) {
        node["goto"].error("cannot go with table or l3mdev: a rule does one of them");
        return std::nullopt;
    }
    if (r.l3mdev && r.table) {
        node["l3mdev"].error("cannot go with table: l3mdev looks up the VRF's own table");
        return std::nullopt;
    }
    // The kernel refuses a goto that does not jump forward (net/core/fib_rules.c).
    if (r.goto_priority && (!r.priority || *r.goto_priority <= *r.priority)) {
        node["goto"].error("needs a priority below the rule it goes to");
        return std::nullopt;
    }
    if (r.fwmask && !r.fwmark) {
        node["fwmask"].error("needs fwmark");
        return std::nullopt;
    }
    if (!r.goto_priority && !r.l3mdev && !r.table) r.table = kTableMain;
    return r;
}

}  // namespace routerd::vrrp
