// keepalived.conf(5) policy-routing rules (static_rules, virtual_rules) and the top-level
// static_ipaddress / static_routes blocks, in routerd's [vrrp] tables.
#include <arpa/inet.h>

#include <optional>

#include "custom_rules.hpp"
#include "translation.hpp"

namespace routerd::import {
namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

// "ADDRESS[/LEN]" (IPv4 or IPv6) as a TOML string; "" if it is none.
std::string prefix_text(const std::string& text) {
    const size_t slash = text.find('/');
    const std::string address = text.substr(0, slash);
    unsigned char bytes[16];
    const bool v4 = inet_pton(AF_INET, address.c_str(), bytes) == 1;
    if (!v4 && inet_pton(AF_INET6, address.c_str(), bytes) != 1) return "";
    if (slash != std::string::npos) {
        const std::string length = number_text(text.substr(slash + 1));
        if (length.empty() || std::stoul(length) > (v4 ? 32u : 128u)) return "";
    }
    return toml_string(text);
}

// "N" or "FIRST-LAST": a number, or the range as a string.
std::string range_text(const std::string& text) {
    if (const std::string n = number_text(text); !n.empty()) return n;
    const size_t dash = text.find('-');
    if (dash == std::string::npos || number_text(text.substr(0, dash)).empty() ||
        number_text(text.substr(dash + 1)).empty()) {
        return "";
    }
    return toml_string(text);
}

// One rule's words (the options of `ip rule add`), or nullopt (reported) when routerd cannot
// install it as written: without one of its options it would be another rule.
std::optional<Entries> rule_entries(const Statement& entry, const std::string& block,
                                    Translation& t) {
    Entries rule;
    bool inet6 = false;
    const std::vector<Word>& words = entry.words;
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string& word = words[i].text;
        const std::string next = i + 1 < words.size() ? words[i + 1].text : "";
        auto left_out = [&](const std::string& why) {
            t.report(words[i].at, block + " " + word, why + "; the rule is left out");
            return std::nullopt;
        };
        // Reads the value after `word` with `convert` into `key`.
        auto take = [&](const std::string& key, std::string (*convert)(const std::string&)) {
            const std::string value = convert(next);
            if (value.empty()) return false;
            rule.emplace_back(key, value);
            ++i;
            return true;
        };
        if (take_tracking_option(words, i, block, rule, t)) {
            continue;
        } else if (word == "inet6" || word == "inet") {
            inet6 = word == "inet6";
        } else if (word == "l3mdev") {
            rule.emplace_back(word, "true");
        } else if (next.empty()) {
            return left_out("needs a value");
        } else if (word == "from" || word == "to") {
            if (next == "all") {
                ++i;
            } else if (!take(word, prefix_text)) {
                return left_out("'" + next + "' is not an address[/length] or all");
            }
        } else if (word == "table") {
            if (!take("table", table_value))
                return left_out("'" + next + "' is not a table number or main, local, default");
        } else if (word == "priority" || word == "preference" || word == "pref") {
            if (!take("priority", number_text)) return left_out("'" + next + "' is not a number");
        } else if (word == "tos" || word == "dsfield") {
            if (!take("tos", number_text)) return left_out("'" + next + "' is not a number");
        } else if (word == "suppress_prefixlength" || word == "suppress_ifgroup" ||
                   word == "goto") {
            if (!take(word, number_text)) return left_out("'" + next + "' is not a number");
        } else if (word == "sport" || word == "dport" || word == "uidrange") {
            if (!take(word, range_text)) return left_out("'" + next + "' is not N or N-M");
        } else if (word == "fwmark") {
            const size_t slash = next.find('/');
            const std::string mark = number_text(next.substr(0, slash));
            const std::string mask =
                slash == std::string::npos ? "" : number_text(next.substr(slash + 1));
            if (mark.empty() || (slash != std::string::npos && mask.empty()))
                return left_out("'" + next + "' is not MARK[/MASK]");
            rule.emplace_back("fwmark", mark);
            if (!mask.empty()) rule.emplace_back("fwmask", mask);
            ++i;
        } else if (word == "realms") {
            const size_t slash = next.find('/');
            const bool numbers =
                !number_text(next.substr(slash == std::string::npos ? 0 : slash + 1)).empty() &&
                (slash == std::string::npos || !number_text(next.substr(0, slash)).empty());
            if (!numbers)
                return left_out("'" + next +
                                "' is not [FROM/]TO in numbers (routerd does not "
                                "read /etc/iproute2/rt_realms)");
            rule.emplace_back("realms", toml_string(next));
            ++i;
        } else if (word == "iif" || word == "oif") {
            rule.emplace_back(word, toml_string(next));
            ++i;
        } else if (word == "ipproto" || word == "ip_proto") {
            const std::string n = number_text(next);
            std::string name = next;
            for (char& c : name)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            rule.emplace_back("ipproto", n.empty() ? toml_string(name) : n);
            ++i;
        } else {
            return left_out(
                "not supported by routerd yet: a rule option (routerd has from, to, "
                "table, priority, fwmark, realms, tos, iif, oif, sport, dport, "
                "ipproto, uidrange, l3mdev, suppress_prefixlength, suppress_ifgroup, "
                "goto, no_track, track_group, inet6)");
        }
    }
    settle_tracking_options(rule, entry, block, t);
    if (inet6) rule.emplace_back("family", toml_string("ipv6"));
    return rule;
}

}  // namespace

// virtual_rules / static_rules { RULE ... }: a table per rule.
void translate_virtual_rules(const Statement& s, Scope& scope) {
    std::vector<std::string> items;
    for (const Statement& entry : s.children) {
        if (auto rule = rule_entries(entry, s.keyword(), scope.translation))
            items.push_back(toml_inline_table(*rule));
    }
    if (!items.empty()) scope.sink.set(s.keyword(), toml_array(items), s);
}

// static_ipaddress, static_routes, static_rules (top level) go to [vrrp], in the forms of
// their virtual_* counterparts; an address or route without dev goes on [vrrp] default_interface
// (keepalived.conf(5) default_interface, eth0 unless set).
void translate_static_block(const Statement& s, Scope& scope) {
    Translation& t = scope.translation;
    TableSink sink(t.document, {"vrrp"});
    Scope vrrp{t, s.keyword(), sink};
    if (s.keyword() == "static_rules") {
        translate_virtual_rules(s, vrrp);
    } else if (s.keyword() == "static_routes") {
        translate_virtual_routes(s, vrrp);
    } else {
        translate_virtual_ipaddress(s, vrrp);
    }
}

}  // namespace routerd::import
