// keepalived.conf(5) virtual_ipaddress / virtual_ipaddress_excluded / static_ipaddress and
// virtual_routes / static_routes: the options of `ip address add` and `ip route add`, in
// routerd's address and route tables.
#include <algorithm>
#include <set>

#include "custom_rules.hpp"
#include "translation.hpp"

namespace routerd::import {
namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

// A scope or protocol: its number, or its iproute2 name as a string.
std::string number_or_name(const std::string& text) {
    const std::string n = number_text(text);
    return n.empty() ? toml_string(text) : n;
}

bool is_ipv6(const std::string& address) {
    return address.find(':') != std::string::npos;
}

}  // namespace

// virtual_ipaddress { ADDR[/LEN] [dev IF] [use_vmac] [brd B] [scope S] [label L] [peer P] [home]
// [-nodad] [mngtmpaddr] [noprefixroute] [autojoin] [preferred_lft N|forever] ... }: an address
// alone, or a table with its options.
void translate_virtual_ipaddress(const Statement& s, Scope& scope) {
    static const std::set<std::string> kFlags = {"home", "mngtmpaddr", "noprefixroute", "autojoin"};
    Translation& t = scope.translation;
    std::vector<std::string> items;
    for (const Statement& entry : s.children) {
        std::string address = entry.keyword();
        const bool v6 = is_ipv6(address);
        Entries table;
        const std::vector<Word>& words = entry.words;
        for (size_t i = 1; i < words.size(); ++i) {
            const std::string& option = words[i].text;
            const std::string next = i + 1 < words.size() ? words[i + 1].text : "";
            auto drop = [&](const std::string& why) {
                t.report(words[i].at, s.keyword() + " " + option, why);
            };
            if (take_tracking_option(words, i, s.keyword(), table, t)) {
                continue;
            } else if (kFlags.contains(option)) {
                table.emplace_back(option, "true");
            } else if (option == "use_vmac") {
                // keepalived.conf(5): the address on a VMAC of its own; a VMAC is an instance's.
                if (s.keyword() == "static_ipaddress") {
                    drop("a static address is no instance's: it has no VMAC; left out");
                } else {
                    table.emplace_back(option, "true");
                }
            } else if (option == "-nodad") {
                // Keepalived skips DAD on IPv6 addresses unless -nodad says otherwise; IPv4 has
                // no DAD, so there it says nothing.
                if (v6) table.emplace_back("nodad", "false");
            } else if (next.empty()) {
                drop(
                    "not supported by routerd yet: an address option (routerd has dev, label, "
                    "brd, scope, peer, home, -nodad, mngtmpaddr, noprefixroute, autojoin, "
                    "preferred_lft, no_track and track_group)");
            } else if (option == "dev" || option == "label" || option == "peer") {
                table.emplace_back(option, toml_string(next));
                ++i;
            } else if (option == "brd" || option == "broadcast" || option == "scope") {
                // keepalived.conf(5): IPv6 has neither (its scope comes from the address).
                if (v6) {
                    drop("an IPv6 address has no " + option + "; left out");
                } else if (option == "scope") {
                    table.emplace_back("scope", number_or_name(next));
                } else {
                    table.emplace_back("brd", toml_string(next));
                }
                ++i;
            } else if (option == "preferred_lft") {
                const std::string seconds = number_text(next);
                if (next == "forever" || !seconds.empty()) {
                    table.emplace_back(option,
                                       toml_string(next == "forever" ? next : seconds + "s"));
                } else {
                    drop("'" + next + "' is not a number of seconds or forever; left out");
                }
                ++i;
            } else {
                drop(
                    "not supported by routerd yet: an address option (routerd has dev, label, "
                    "brd, scope, peer, home, -nodad, mngtmpaddr, noprefixroute, autojoin, "
                    "preferred_lft, no_track and track_group)");
                ++i;
            }
        }
        settle_tracking_options(table, entry, s.keyword(), t);
        const bool has_peer = std::any_of(table.begin(), table.end(),
                                          [](const auto& e) { return e.first == "peer"; });
        if (has_peer && address.find('/') != std::string::npos) {
            // Keepalived 2.2.7: "Cannot specify address prefix when specifying peer address -
            // ignoring"; the prefix is the peer's.
            t.report(entry,
                     "a prefix length with peer: Keepalived ignores it, and so does the "
                     "import (give it on the peer)");
            address.erase(address.find('/'));
        }
        table.insert(table.begin(), {"address", toml_string(address)});
        items.push_back(table.size() == 1 ? table[0].second : toml_inline_table(table));
    }
    for (size_t i = 1; i < s.words.size(); ++i)
        items.push_back(toml_string(s.words[i].text));
    scope.sink.set(s.keyword(), toml_array(items), s);
}

bool route_type_without_interface(const std::string& word) {
    return word == "blackhole" || word == "unreachable" || word == "prohibit" || word == "throw";
}

// virtual_routes { [src IP] [TYPE] [to] DEST [via|gw GW] [dev IF] [OPTION VALUE ...] ... }
// (keepalived.conf(5)): the destination is the first bare address. A route that routerd
// cannot install as written (an option it lacks, no destination, a type it lacks) is left out
// whole: installed without its table or source it would be another route.
void translate_virtual_routes(const Statement& s, Scope& scope) {
    static const std::set<std::string> kOtherTypes = {"unicast",   "local",   "broadcast",
                                                      "multicast", "anycast", "nat"};
    // ip-route(8) route metrics that take a number, under the same names in routerd.
    static const std::set<std::string> kNumbers = {"mtu",      "hoplimit", "advmss",
                                                   "initcwnd", "initrwnd", "window",
                                                   "cwnd",     "ssthresh", "reordering"};
    Translation& t = scope.translation;
    std::vector<std::string> items;
    for (const Statement& entry : s.children) {
        Entries route;
        bool has_destination = false, complete = true, no_track = false, has_dev = false;
        std::string type = "unicast", protocol;
        size_t protocol_at = 0;
        const std::vector<Word>& words = entry.words;
        for (size_t i = 0; i < words.size() && complete; ++i) {
            const std::string& word = words[i].text;
            const std::string next = i + 1 < words.size() ? words[i + 1].text : "";
            auto left_out = [&](const std::string& why) {
                t.report(words[i].at, s.keyword() + " " + word, why + "; the route is left out");
                complete = false;
            };
            // Reads the value after `word` as `value` into `key`.
            auto take = [&](const std::string& key, const std::string& value) {
                if (value.empty()) return left_out("'" + next + "' is not a number");
                route.emplace_back(key, value);
                ++i;
            };
            if ((word == "to" && !next.empty()) ||
                (!has_destination && word.find_first_of("./:") != std::string::npos)) {
                route.emplace_back("to", toml_string(words[word == "to" ? ++i : i].text));
                has_destination = true;
            } else if (route_type_without_interface(word)) {
                type = word;
            } else if (word == "onlink") {
                route.emplace_back("onlink", "true");
            } else if (take_tracking_option(words, i, s.keyword(), route, t)) {
                no_track = no_track || word == "no_track";
            } else if (kOtherTypes.contains(word)) {
                if (word != "unicast")
                    left_out("not supported by routerd yet: a " + word +
                             " route (routerd installs unicast, blackhole, unreachable, "
                             "prohibit and throw routes)");
            } else if (next.empty()) {
                left_out("needs a value");
            } else if (word == "via" || word == "gw" || word == "dev" || word == "src") {
                route.emplace_back(word == "gw" ? "via" : word, toml_string(next));
                has_dev = has_dev || word == "dev";
                ++i;
            } else if (word == "metric" || word == "priority" || word == "preference") {
                take("metric", number_text(next));
            } else if (word == "table" && table_value(next).empty()) {
                left_out("'" + next + "' is not a table number or main, local, default");
            } else if (word == "table") {
                take("table", table_value(next));
            } else if (word == "tos" || word == "dsfield") {
                take("tos", number_text(next));
            } else if (word == "scope") {
                take("scope", number_or_name(next));
            } else if (word == "protocol" || word == "proto") {
                protocol = number_or_name(next);
                protocol_at = i++;
            } else if (kNumbers.contains(word)) {
                take(word, number_text(next));
            } else if (word == "rto_min") {
                // ip-route(8): a time; a bare number is milliseconds.
                const std::string ms = number_text(next);
                take(word, toml_string(ms.empty() ? next : ms + "ms"));
            } else if (word == "features" && next == "ecn") {
                route.emplace_back("ecn", "true");
                ++i;
            } else if (word == "quickack" || word == "fastopen_no_cookie") {
                const std::string n = number_text(next);
                take(word, n.empty() ? "" : n == "0" ? "false" : "true");
            } else {
                left_out(
                    "not supported by routerd yet: a route option (routerd has to, via, dev, "
                    "src, metric, table, protocol, scope, tos, onlink, no_track, "
                    "track_group, the types blackhole, "
                    "unreachable, prohibit, throw, and mtu, hoplimit, advmss, initcwnd, "
                    "initrwnd, window, cwnd, ssthresh, reordering, rto_min, features ecn, "
                    "quickack, fastopen_no_cookie)");
            }
        }
        if (!complete) continue;
        if (!has_destination) {
            t.report(entry, "has no destination; the route is left out");
            continue;
        }
        settle_tracking_options(route, entry, s.keyword(), t);
        if (type != "unicast") route.emplace_back("type", toml_string(type));
        if (!protocol.empty()) {
            // Keepalived 2.2.7 watches a route through an interface unless no_track, and such a
            // route keeps "proto keepalived" ("Route cannot be tracked if protocol is not
            // RTPROT_KEEPALIVED(18), resetting protocol").
            if (no_track || (!has_dev && type != "unicast")) {
                route.emplace_back("protocol", protocol);
            } else {
                t.report(words[protocol_at].at, s.keyword() + " " + words[protocol_at].text,
                         "Keepalived resets it to keepalived (18) on a tracked route, and so "
                         "does the import (add no_track to keep it)");
            }
        }
        items.push_back(toml_inline_table(route));
    }
    if (!items.empty()) scope.sink.set(s.keyword(), toml_array(items), s);
}

}  // namespace routerd::import
