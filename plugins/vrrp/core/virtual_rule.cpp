#include "virtual_rule.hpp"

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <charconv>
#include <sstream>

#include "netlink_request.hpp"

namespace routerd::vrrp {
namespace {

// Rules routerd installs carry this protocol, as Keepalived's carry RTPROT_KEEPALIVED.
constexpr std::uint8_t kRuleProtocol = 18;

std::optional<std::uint32_t> number(std::string_view text) {
    int base = 10;
    if (text.starts_with("0x") || text.starts_with("0X")) {
        text.remove_prefix(2);
        base = 16;
    }
    std::uint32_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::optional<RuleRange> range(std::string_view text) {
    const size_t dash = text.find('-');
    const auto start = number(text.substr(0, dash));
    const auto end = dash == std::string_view::npos ? start : number(text.substr(dash + 1));
    if (!start || !end) return std::nullopt;
    return RuleRange{*start, *end};
}

std::optional<RulePrefix> prefix(std::string_view text) {
    const size_t slash = text.find('/');
    const auto address = IpAddress::parse(text.substr(0, slash));
    if (!address) return std::nullopt;
    RulePrefix out{*address, static_cast<std::uint8_t>(address->size() * 8)};
    if (slash != std::string_view::npos) {
        const auto length = number(text.substr(slash + 1));
        if (!length || *length > out.length) return std::nullopt;
        out.length = static_cast<std::uint8_t>(*length);
    }
    return out;
}

std::string hex(std::uint32_t value) {
    std::ostringstream out;
    out << "0x" << std::hex << value;
    return out.str();
}

std::string text_of(const RuleRange& r) {
    return std::to_string(r.start) + "-" + std::to_string(r.end);
}

fib_rule_port_range port_range(const RuleRange& r) {
    return {static_cast<std::uint16_t>(r.start), static_cast<std::uint16_t>(r.end)};
}

}  // namespace

std::string VirtualRule::text() const {
    std::string out;
    auto word = [&](const std::string& key, const std::string& value = "") {
        out += (out.empty() ? "" : " ") + key + (value.empty() ? "" : " " + value);
    };
    auto prefix_text = [](const RulePrefix& p) {
        return p.address.to_string() + "/" + std::to_string(p.length);
    };
    if (family == Family::ipv6) word("inet6");
    if (from) word("from", prefix_text(*from));
    if (to) word("to", prefix_text(*to));
    if (priority) word("priority", std::to_string(*priority));
    if (table) word("table", std::to_string(*table));
    if (fwmark) word("fwmark", hex(*fwmark) + (fwmask ? "/" + hex(*fwmask) : ""));
    if (realms) word("realms", std::to_string(*realms));
    if (tos != 0) word("tos", hex(tos));
    if (!iif.empty()) word("iif", iif);
    if (!oif.empty()) word("oif", oif);
    if (sport) word("sport", text_of(*sport));
    if (dport) word("dport", text_of(*dport));
    if (ipproto) word("ipproto", std::to_string(*ipproto));
    if (uidrange) word("uidrange", text_of(*uidrange));
    if (l3mdev) word("l3mdev");
    if (suppress_prefixlength)
        word("suppress_prefixlength", std::to_string(*suppress_prefixlength));
    if (suppress_ifgroup) word("suppress_ifgroup", std::to_string(*suppress_ifgroup));
    if (goto_priority) word("goto", std::to_string(*goto_priority));
    if (no_track) word("no_track");
    return out;
}

std::optional<VirtualRule> VirtualRule::parse(const std::string& text) {
    std::istringstream in(text);
    VirtualRule rule;
    std::string key, value;
    while (in >> key) {
        if (key == "inet6") {
            rule.family = Family::ipv6;
        } else if (key == "l3mdev") {
            rule.l3mdev = true;
        } else if (key == "no_track") {
            rule.no_track = true;
        } else if (!(in >> value)) {
            return std::nullopt;
        } else if (key == "from" || key == "to") {
            auto p = prefix(value);
            if (!p) return std::nullopt;
            (key == "from" ? rule.from : rule.to) = p;
        } else if (key == "fwmark") {
            const size_t slash = value.find('/');
            rule.fwmark = number(std::string_view(value).substr(0, slash));
            if (slash != std::string::npos) {
                rule.fwmask = number(std::string_view(value).substr(slash + 1));
                if (!rule.fwmask) return std::nullopt;
            }
            if (!rule.fwmark) return std::nullopt;
        } else if (key == "iif" || key == "oif") {
            (key == "iif" ? rule.iif : rule.oif) = value;
        } else if (key == "sport" || key == "dport" || key == "uidrange") {
            auto r = range(value);
            if (!r) return std::nullopt;
            (key == "sport" ? rule.sport : key == "dport" ? rule.dport : rule.uidrange) = r;
        } else {
            const auto n = number(value);
            if (!n) return std::nullopt;
            if (key == "priority") {
                rule.priority = n;
            } else if (key == "table") {
                rule.table = n;
            } else if (key == "realms") {
                rule.realms = n;
            } else if (key == "tos") {
                rule.tos = static_cast<std::uint8_t>(*n);
            } else if (key == "ipproto") {
                rule.ipproto = static_cast<std::uint8_t>(*n);
            } else if (key == "suppress_prefixlength") {
                rule.suppress_prefixlength = n;
            } else if (key == "suppress_ifgroup") {
                rule.suppress_ifgroup = n;
            } else if (key == "goto") {
                rule.goto_priority = n;
            } else {
                return std::nullopt;
            }
        }
    }
    return rule;
}

std::vector<std::uint8_t> rule_request(const VirtualRule& rule, bool add) {
    fib_rule_hdr header{};
    header.family = rule.family == Family::ipv4 ? AF_INET : AF_INET6;
    header.src_len = rule.from ? rule.from->length : 0;
    header.dst_len = rule.to ? rule.to->length : 0;
    header.tos = rule.tos;
    // As `ip rule` does: small table ids in the header too, every id in FRA_TABLE.
    header.table =
        static_cast<std::uint8_t>(rule.table && *rule.table < 256 ? *rule.table : RT_TABLE_UNSPEC);
    header.action = rule.goto_priority ? FR_ACT_GOTO : FR_ACT_TO_TBL;
    NetlinkRequest a(add ? RTM_NEWRULE : RTM_DELRULE, add ? NLM_F_CREATE | NLM_F_EXCL : 0, header);
    if (rule.from) a.put(FRA_SRC, rule.from->address.bytes().data(), rule.from->address.size());
    if (rule.to) a.put(FRA_DST, rule.to->address.bytes().data(), rule.to->address.size());
    if (rule.priority) a.put(FRA_PRIORITY, *rule.priority);
    if (rule.table) a.put(FRA_TABLE, *rule.table);
    if (rule.fwmark) a.put(FRA_FWMARK, *rule.fwmark);
    if (rule.fwmask) a.put(FRA_FWMASK, *rule.fwmask);
    if (rule.realms) a.put(FRA_FLOW, *rule.realms);
    if (!rule.iif.empty()) a.put_string(FRA_IIFNAME, rule.iif);
    if (!rule.oif.empty()) a.put_string(FRA_OIFNAME, rule.oif);
    if (rule.sport) a.put(FRA_SPORT_RANGE, port_range(*rule.sport));
    if (rule.dport) a.put(FRA_DPORT_RANGE, port_range(*rule.dport));
    if (rule.ipproto) a.put(FRA_IP_PROTO, *rule.ipproto);
    if (rule.uidrange)
        a.put(FRA_UID_RANGE, fib_rule_uid_range{rule.uidrange->start, rule.uidrange->end});
    if (rule.l3mdev) a.put(FRA_L3MDEV, std::uint8_t{1});
    if (rule.suppress_prefixlength) a.put(FRA_SUPPRESS_PREFIXLEN, *rule.suppress_prefixlength);
    if (rule.suppress_ifgroup) a.put(FRA_SUPPRESS_IFGROUP, *rule.suppress_ifgroup);
    if (rule.goto_priority) a.put(FRA_GOTO, *rule.goto_priority);
    if (!rule.no_track) a.put(FRA_PROTOCOL, kRuleProtocol);

    return std::move(a).done();
}

}  // namespace routerd::vrrp
