// keepalived.conf(5)'s "LVS CONFIGURATION": virtual_server_group, virtual_server,
// real_server and the checkers, in routerd's [ipvs] tables and each real server's check.
#include <arpa/inet.h>
#include <algorithm>

#include "custom_rules.hpp"
#include "translation.hpp"

namespace routerd::import {
namespace {

const std::pair<const char*, const char*> kCheckTypes[] = {
    {"TCP_CHECK", "tcp"},   {"HTTP_GET", "http"}, {"SSL_GET", "ssl"},
    {"SMTP_CHECK", "smtp"}, {"DNS_CHECK", "dns"}, {"MISC_CHECK", "misc"},
    {"PING_CHECK", "ping"}, {"UDP_CHECK", "udp"}, {"FILE_CHECK", "file"},
};

std::string check_type_of(const std::string& keyword) {
    for (const auto& [keepalived, routerd] : kCheckTypes) {
        if (keyword == keepalived) return routerd;
    }
    return "";
}

// Keepalived's address range "A.B.C.D-E" (the last part of an IPv4 address, or the last group
// of an IPv6 one, counts up to E): each address of it.
std::vector<std::string> expand_range(const std::string& text, std::string* error) {
    const size_t dash = text.rfind('-');
    if (dash == std::string::npos) return {text};
    const std::string first = text.substr(0, dash);
    const std::string last_text = text.substr(dash + 1);
    const bool v6 = first.find(':') != std::string::npos;
    const size_t cut = first.find_last_of(v6 ? ':' : '.');
    unsigned char probe[16];
    if (cut == std::string::npos || inet_pton(v6 ? AF_INET6 : AF_INET, first.c_str(), probe) != 1) {
        *error = "'" + text + "' is not an address or an address range";
        return {};
    }
    try {
        const int base = v6 ? 16 : 10;
        const long start = std::stol(first.substr(cut + 1), nullptr, base);
        size_t used = 0;
        const long end = std::stol(last_text, &used, base);
        if (used != last_text.size() || end < start || end > (v6 ? 0xffff : 255))
            throw std::exception();
        std::vector<std::string> out;
        for (long part = start; part <= end; ++part) {
            char digits[8];
            std::snprintf(digits, sizeof digits, v6 ? "%lx" : "%ld", part);
            out.push_back(first.substr(0, cut + 1) + digits);
        }
        return out;
    } catch (const std::exception&) {
        *error = "'" + text + "' is not a range like 10.0.0.1-10";
        return {};
    }
}

void write_lists(const Lists& lists, Sink& sink, const Statement& from) {
    for (const auto& [key, items] : lists)
        sink.set(key, toml_array(items), from);
}

// Firewall-mark services and real servers without a port exist only in the kernel's IPVS,
// which is all Keepalived drives; routerd's default forwarder ("auto") would pick its
// userspace proxy where ip_vs is not loaded, so the import says "kernel" outright. The first
// `why` becomes the line's comment.
void require_kernel_forwarder(Translation& t, const std::string& why) {
    TomlTable& ipvs = t.document.table({"ipvs"});
    if (ipvs.find("forwarder") != nullptr) return;
    ipvs.set("forwarder", toml_string("kernel")).trailing_comment = why + " need kernel IPVS";
}

// real_server and sorry_server IP [PORT]: keepalived.conf(5) lets the port out (or 0) for the
// packet's own destination port, which a firewall-mark service needs; routerd then takes the
// address alone ("[IPv6]" in brackets).
std::string server_address_text(const Statement& s, Translation& t) {
    const std::string& address = s.words[1].text;
    const std::string port = s.words.size() == 3 ? s.words[2].text : "";
    if (port.find_first_not_of('0') != std::string::npos) return endpoint_text(address, port);
    require_kernel_forwarder(t, "real servers without a port");
    return bracketed_address(address);
}

}  // namespace

// virtual_server_group NAME { ADDR[-RANGE] PORT ...  fwmark N ... }.
void translate_virtual_server_group(const Statement& s, Scope& scope) {
    Translation& t = scope.translation;
    if (s.words.size() != 2) {
        t.report(s, "needs one name");
        return;
    }
    std::vector<std::string> addresses, fwmarks;
    for (const Statement& entry : s.children) {
        if (entry.keyword() == "fwmark" && entry.words.size() == 2) {
            const std::string mark = integer_value(entry, entry.words[1].text, t);
            if (!mark.empty()) fwmarks.push_back(mark);
            continue;
        }
        if (entry.words.size() != 2) {
            t.report(entry, "is not 'ADDRESS[-LAST] PORT' or 'fwmark N'");
            continue;
        }
        std::string error;
        for (const std::string& address : expand_range(entry.keyword(), &error)) {
            addresses.push_back(toml_string(endpoint_text(address, entry.words[1].text)));
        }
        if (!error.empty()) t.report(entry, error);
    }
    const std::vector<std::string> path{"ipvs", "virtual_server_group", s.words[1].text};
    TomlTable& table = t.document.table(path);
    table.comments = s.comments;
    TableSink sink(t.document, path);
    if (!addresses.empty()) sink.set("addresses", toml_array(addresses), s);
    if (!fwmarks.empty()) {
        sink.set("fwmarks", toml_array(fwmarks), s);
        require_kernel_forwarder(t, "firewall marks");
    }
}

// virtual_server IP PORT | fwmark N | group NAME { ... }: the table is named after what it
// listens on, as Keepalived names it in its logs ("172.16.0.100:80", "fwmark 1", "VSG_1").
void translate_virtual_server(const Statement& s, Scope& scope) {
    Translation& t = scope.translation;
    if (s.words.size() != 3) {
        t.report(s, "needs 'IP PORT', 'fwmark N' or 'group NAME'");
        return;
    }
    const std::string& first = s.words[1].text;
    const std::string& second = s.words[2].text;
    std::string name, key, value;
    if (first == "fwmark") {
        name = "fwmark " + second;
        key = "fwmark";
        value = integer_value(s, second, t);
        require_kernel_forwarder(t, "firewall marks");
    } else if (first == "group") {
        name = second;
        key = "group";
        value = toml_string(second);
    } else {
        name = endpoint_text(first, second);
        key = "address";
        value = toml_string(name);
    }
    if (value.empty()) return;
    const std::vector<std::string> path{"ipvs", "virtual_server", name};
    t.document.table(path).comments = s.comments;
    TableSink sink(t.document, path);
    sink.set(key, value, s);
    CheckDefaults defaults;
    Lists lists;
    Scope inner{t, "virtual_server", sink, &defaults, &lists};
    // Its real servers after everything else, so that check defaults written after them
    // (delay_loop is often last) still apply.
    for (const Statement& child : s.children) {
        if (child.keyword() != "real_server") t.translate(child, inner);
    }
    write_lists(lists, sink, s);
    for (const Statement& child : s.children) {
        if (child.keyword() == "real_server") t.translate(child, inner);
    }
}

namespace {

// NAT|DR|TUN [type ipip|gue|gre [port N]] → PREFIXmethod, PREFIXtun_type, PREFIXtun_port.
void write_lvs_method(const Statement& s, Scope& scope, const std::string& prefix) {
    if (s.words.size() < 2) {
        scope.translation.report(s, "needs NAT, DR or TUN");
        return;
    }
    scope.sink.set(prefix + "method", toml_string(s.words[1].text), s);
    for (size_t i = 2; i + 1 < s.words.size(); i += 2) {
        const std::string& option = s.words[i].text;
        if (option == "type") {
            scope.sink.set(prefix + "tun_type", toml_string(s.words[i + 1].text), s);
        } else if (option == "port") {
            const std::string port = integer_value(s, s.words[i + 1].text, scope.translation);
            if (!port.empty()) scope.sink.set(prefix + "tun_port", port, s);
        } else {
            scope.translation.report(s.words[i].at, s.keyword() + " " + option,
                                     "not supported by routerd yet: a tunnel option "
                                     "(routerd has type and port)");
        }
    }
    if (s.words.size() % 2 == 1 && s.words.size() > 2) {
        scope.translation.report(s.words.back().at, s.keyword(),
                                 "'" + s.words.back().text + "' has no value");
    }
}

}  // namespace

// lvs_method NAT|DR|TUN [type ipip|gue|gre [port N]] (and lb_kind, its old name).
void translate_lvs_method(const Statement& s, Scope& scope) {
    write_lvs_method(s, scope, "");
}

// sorry_server_lvs_method NAT|DR|TUN [type ...]: the sorry server's own forwarding method.
void translate_sorry_server_lvs_method(const Statement& s, Scope& scope) {
    write_lvs_method(s, scope, "sorry_server_");
}

// sorry_server IP [PORT].
void translate_sorry_server(const Statement& s, Scope& scope) {
    if (s.words.size() != 2 && s.words.size() != 3) {
        scope.translation.report(s, "needs IP and an optional PORT");
        return;
    }
    scope.sink.set("sorry_server", toml_string(server_address_text(s, scope.translation)), s);
}

// alpha: the virtual server starts its real servers down, and routerd wants each check to
// say so too (its checks decide their own start state).
void translate_alpha(const Statement& s, Scope& scope) {
    const std::string value = bool_value(s, scope.translation);
    if (value.empty()) return;
    scope.sink.set("alpha", value, s);
    set_check_key(*scope.check_defaults, "alpha", value);
}

// ops, hashed, flag-1..3, sh-port, sh-fallback, mh-port, mh-fallback: scheduler flags.
void translate_scheduler_flag(const Statement& s, Scope& scope) {
    if (s.words.size() > 1) scope.translation.report(s, "takes no value");
    (*scope.lists)["flags"].push_back(toml_string(s.keyword()));
}

// real_server IP [PORT] { weight ... CHECKER { ... } }.
void translate_real_server(const Statement& s, Scope& scope) {
    Translation& t = scope.translation;
    if (s.words.size() != 2 && s.words.size() != 3) {
        t.report(s, "needs IP and an optional PORT");
        return;
    }
    const auto& vs_sink = static_cast<TableSink&>(scope.sink);
    std::vector<std::string> path = vs_sink.path();
    const std::string address = server_address_text(s, t);
    path.insert(path.end(), {"real_server", address});
    t.document.table(path).comments = s.comments;
    TableSink sink(t.document, path);
    sink.set("address", toml_string(address), s);
    CheckDefaults defaults = *scope.check_defaults;  // the virtual server's, then its own
    Lists checks;                                    // its checkers' tables, in order
    Scope inner{t, "real_server", sink, &defaults, &checks};
    std::vector<const Statement*> checkers;
    for (const Statement& child : s.children) {
        if (check_type_of(child.keyword()).empty()) {
            t.translate(child, inner);
        } else {
            checkers.push_back(&child);
        }
    }
    for (const Statement* checker : checkers)
        t.translate(*checker, inner);
}

// One translated checker table, completed with the check defaults of the virtual and real
// server for what it does not set, appended to the real server's checks.
void add_check(const std::string& type, const InlineSink& check, const Statement& s, Scope& scope) {
    Translation& t = scope.translation;
    std::vector<std::pair<std::string, std::string>> entries{check.entries.front()};
    const bool web = type == "http" || type == "ssl";
    for (const auto& [key, value] : *scope.check_defaults) {
        if (key == "virtualhost" && !web) continue;  // a virtual server's, for HTTP checks
        if (!check.has(key)) entries.emplace_back(key, value);
    }
    if (type == "ssl") {
        for (const auto& [key, value] : t.ssl_defaults) {
            if (!check.has(key)) entries.emplace_back(key, value);
        }
    }
    entries.insert(entries.end(), check.entries.begin() + 1, check.entries.end());
    if (t.checker_log_all_failures) {
        std::erase_if(entries, [](const auto& entry) { return entry.first == "log_all_failures"; });
        entries.emplace_back("log_all_failures", "true");
    }
    std::vector<std::string>& checks = (*scope.lists)["check"];
    checks.push_back(toml_inline_table(entries));
    scope.sink.set("check", checks.size() == 1 ? checks[0] : toml_array(checks), s);
}

// TCP_CHECK, HTTP_GET, ... { ... } → check = { type = "...", ... }, with the check defaults
// of the virtual and real server for what the checker block does not set. Several checkers
// of one real server (all must pass in Keepalived) → check = [{ ... }, { ... }].
void translate_checker(const Statement& s, Scope& scope) {
    Translation& t = scope.translation;
    const std::string type = check_type_of(s.keyword());
    // Keepalived 2 makes each host { } of an SMTP_CHECK a checker of its own, from the
    // SMTP_CHECK's other settings ("The SMTP_CHECK host block is deprecated. Please define
    // additional checkers."): a check of its own here too.
    std::vector<Statement> own;
    std::vector<const Statement*> hosts;
    for (const Statement& child : s.children) {
        if (type == "smtp" && child.keyword() == "host") {
            hosts.push_back(&child);
        } else {
            own.push_back(child);
        }
    }
    InlineSink check;
    check.set("type", toml_string(type), s);
    Lists lists;
    Scope inner{t, s.keyword(), check, nullptr, &lists};
    t.translate_block(own, inner);
    write_lists(lists, check, s);
    if (hosts.empty()) add_check(type, check, s, scope);
    for (const Statement* host : hosts) {
        InlineSink one = check;
        Scope host_scope{t, "SMTP_CHECK", one, nullptr, &lists};
        t.translate(*host, host_scope);  // translate_smtp_host, through its rule
        add_check(type, one, *host, scope);
    }
}

// url { path ... digest ... status_code ... regex ... }: one entry of the check's url list.
void translate_url(const Statement& s, Scope& scope) {
    InlineSink url;
    Scope inner{scope.translation, "url", url};
    scope.translation.translate_block(s.children, inner);
    (*scope.lists)["url"].push_back(toml_inline_table(url.entries));
}

// status_code 200 | 200-299 | several of them.
void translate_status_code(const Statement& s, Scope& scope) {
    std::vector<std::string> codes;
    for (size_t i = 1; i < s.words.size(); ++i)
        codes.push_back(toml_string(s.words[i].text));
    if (codes.empty()) {
        scope.translation.report(s, "needs a status code or a range");
        return;
    }
    scope.sink.set("status_code", codes.size() == 1 ? codes[0] : toml_array(codes), s);
}

// SMTP_CHECK's host { connect_ip ... }: the settings of the check made for this host
// (translate_checker), over the SMTP_CHECK's own.
void translate_smtp_host(const Statement& s, Scope& scope) {
    Scope inner{scope.translation, "checker", scope.sink, nullptr, scope.lists};
    scope.translation.translate_block(s.children, inner);
}

// require_reply [HEX_STRING]: any reply, or one that matches.
void translate_require_reply(const Statement& s, Scope& scope) {
    scope.sink.set("require_reply", s.words.size() > 1 ? toml_string(s.arguments()) : "true", s);
}

// FILE_CHECK's track_file NAME names a track_file block: routerd's file check reads the
// file that block reads.
void translate_file_check_track_file(const Statement& s, Scope& scope) {
    const std::string name = one_argument(s, scope.translation);
    if (name.empty()) return;
    auto it = scope.translation.track_files.find(name);
    if (it == scope.translation.track_files.end()) {
        scope.translation.report(s, "no track_file block named '" + name + "'");
        return;
    }
    scope.sink.set("track_file", toml_string(it->second), s);
}

}  // namespace routerd::import
