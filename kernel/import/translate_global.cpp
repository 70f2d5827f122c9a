// keepalived.conf(5)'s global_defs and top-level SSL block: routerd's [global],
// [notify-smtp] and [vrrp] keys, and the TLS keys of every SSL_GET check.
#include "custom_rules.hpp"
#include "translation.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace routerd::import {

void translate_global_defs(const Statement& s, Scope& scope) {
    TomlDocument& document = scope.translation.document;
    DocumentSink sink(document);
    Scope inner{scope.translation, "global_defs", sink};
    scope.translation.translate_block(s.children, inner);
    // Mail settings without a recipient routerd can send to: Keepalived would mail no one
    // either, and routerd's notify-smtp refuses a table without recipients.
    if (document.has_table({"notify-smtp"})) {
        TomlTable& smtp = document.table({"notify-smtp"});
        if (!smtp.entries.empty() && !smtp.find("notification_email")) {
            scope.translation.report(s,
                                     "no notification_email with @domain: the mail "
                                     "settings are left out (no alerts are sent)");
            smtp.entries.clear();
        }
    }
}

// notification_email { ADDRESS ... }: routerd sends to user@domain addresses only, where
// Keepalived hands any word to its SMTP server (a bare "root" is delivered locally there).
void translate_notification_email(const Statement& s, Scope& scope) {
    std::vector<std::string> addresses;
    auto take = [&](const Word& word) {
        if (word.text.find('@') == std::string::npos) {
            scope.translation.report(word.at, s.keyword() + " " + word.text,
                                     "not supported by routerd yet: a recipient without "
                                     "@domain; left out");
        } else {
            addresses.push_back(toml_string(word.text));
        }
    };
    for (size_t i = 1; i < s.words.size(); ++i)
        take(s.words[i]);
    for (const Statement& child : s.children) {
        for (const Word& word : child.words)
            take(word);
    }
    if (!addresses.empty()) {
        scope.sink.set("notify-smtp.notification_email", toml_array(addresses), s);
    }
}

// smtp_server ADDRESS [PORT].
void translate_smtp_server(const Statement& s, Scope& scope) {
    if (s.words.size() < 2 || s.words.size() > 3) {
        scope.translation.report(s, "takes an address and an optional port");
        return;
    }
    const std::string port = s.words.size() == 3 ? s.words[2].text : "";
    scope.sink.set("notify-smtp.smtp_server",
                   toml_array({toml_string(endpoint_text(s.words[1].text, port))}), s);
}

// lvs_timeouts [tcp SECS] [tcpfin SECS] [udp SECS] → [ipvs] timeouts = { tcp = "900s", ... }.
void translate_lvs_timeouts(const Statement& s, Scope& scope) {
    std::vector<std::pair<std::string, std::string>> timeouts;
    for (size_t i = 1; i < s.words.size(); i += 2) {
        const std::string& name = s.words[i].text;
        if (name != "tcp" && name != "tcpfin" && name != "udp") {
            scope.translation.report(s.words[i].at, s.keyword() + " " + name,
                                     "is not tcp, tcpfin or udp");
            return;
        }
        if (i + 1 >= s.words.size()) {
            scope.translation.report(s.words[i].at, s.keyword() + " " + name, "has no value");
            return;
        }
        const std::string value = duration_value(s, s.words[i + 1].text, scope.translation);
        if (value.empty()) return;
        timeouts.emplace_back(name, value);
    }
    if (timeouts.empty()) {
        scope.translation.report(s, "needs at least one of tcp, tcpfin, udp");
        return;
    }
    scope.sink.set("ipvs.timeouts", toml_inline_table(timeouts), s);
}

// net_namespace_ipvs [NAME] → [ipvs] net_namespace = "NAME". Without a NAME keepalived.conf(5)
// means "the default namespace": the system's, PID 1's, which routerd names by its file.
void translate_net_namespace_ipvs(const Statement& s, Scope& scope) {
    if (s.words.size() > 2) {
        scope.translation.report(s, "takes one namespace name, or none");
        return;
    }
    const std::string value = s.words.size() == 2 ? s.words[1].text : "/proc/1/ns/net";
    scope.sink.set("ipvs.net_namespace", toml_string(value), s);
}

// lvs_flush_on_stop [VS] → [ipvs] flush_on_stop = "all" | "vs".
void translate_lvs_flush_on_stop(const Statement& s, Scope& scope) {
    if (s.words.size() > 2 || (s.words.size() == 2 && s.words[1].text != "VS")) {
        scope.translation.report(s, "takes nothing or VS");
        return;
    }
    scope.sink.set("ipvs.flush_on_stop", toml_string(s.words.size() == 2 ? "vs" : "all"), s);
}

namespace {

// [ipvs.sync_daemon] from `keys` (interface first), naming `instance` if any; without
// `syncid` the instance's virtual_router_id, Keepalived's default.
void write_sync_daemon(const Statement& s, Translation& t,
                       std::vector<std::pair<std::string, std::string>> keys,
                       const std::string& instance, const std::string& syncid) {
    if (!instance.empty()) {
        keys.insert(keys.begin() + 1, {"vrrp_instance", toml_string(instance)});
        if (syncid.empty()) {
            auto vrid = t.vrrp_router_ids.find(instance);
            if (vrid == t.vrrp_router_ids.end()) {
                t.report(s, "no vrrp_instance '" + instance + "' with a virtual_router_id");
                return;
            }
            keys.emplace_back("syncid", vrid->second);
        }
    }
    TomlTable& table = t.document.table({"ipvs", "sync_daemon"});
    for (const auto& [key, value] : keys)
        table.set(key, value);
}

}  // namespace

// lvs_sync_daemon IFACE [[inst] VRRP_INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group ADDR]
// → [ipvs.sync_daemon]. Keepalived's default syncid is the instance's virtual_router_id,
// which routerd wants written out.
void translate_lvs_sync_daemon(const Statement& s, Scope& scope) {
    Translation& t = scope.translation;
    if (s.words.size() < 2) {
        t.report(s, "needs an interface");
        return;
    }
    std::vector<std::pair<std::string, std::string>> keys{
        {"interface", toml_string(s.words[1].text)}};
    std::string instance, syncid;
    const std::map<std::string, std::string> numbers{
        {"id", "syncid"}, {"maxlen", "maxlen"}, {"port", "port"}, {"ttl", "ttl"}};
    for (size_t i = 2; i < s.words.size(); ++i) {
        const std::string& word = s.words[i].text;
        const bool has_value = i + 1 < s.words.size();
        if (word == "inst" && has_value) {
            instance = s.words[++i].text;
        } else if (numbers.count(word) && has_value) {
            const std::string value = integer_value(s, s.words[++i].text, t);
            if (value.empty()) return;
            if (word == "id") syncid = value;
            keys.emplace_back(numbers.at(word), value);
        } else if (word == "group" && has_value) {
            keys.emplace_back("group", toml_string(s.words[++i].text));
        } else if (i == 2 && !numbers.count(word) && word != "group") {
            instance = word;  // "inst" may be left out (keepalived.conf(5))
        } else {
            t.report(s.words[i].at, s.keyword() + " " + word,
                     "is not an option of lvs_sync_daemon");
            return;
        }
    }
    write_sync_daemon(s, t, std::move(keys), instance, syncid);
}

// vrrp_instance NAME { lvs_sync_daemon_interface IFACE }: Keepalived still takes the old
// spelling, as global_defs lvs_sync_daemon IFACE NAME.
void translate_instance_lvs_sync_daemon_interface(const Statement& s, Scope& scope) {
    const std::string iface = one_argument(s, scope.translation);
    if (iface.empty()) return;
    const std::string& instance = static_cast<TableSink&>(scope.sink).path().back();
    write_sync_daemon(s, scope.translation, {{"interface", toml_string(iface)}}, instance, "");
}

namespace {

// KEYWORD USECS: microseconds in Keepalived, a duration in routerd.
void set_microseconds(const Statement& s, Scope& scope, const std::string& key) {
    const std::string usecs =
        integer_value(s, one_argument(s, scope.translation), scope.translation);
    if (!usecs.empty()) scope.sink.set(key, toml_string(usecs + "us"), s);
}

}  // namespace

void translate_rlimit_rttime(const Statement& s, Scope& scope) {
    set_microseconds(s, scope, "vrrp.rlimit_rttime");
}

void translate_min_auto_priority_delay(const Statement& s, Scope& scope) {
    set_microseconds(s, scope, "vrrp.min_auto_priority_delay");
}

// max_auto_priority [PRIORITY]: without a value, sched_get_priority_max(SCHED_RR), 99 on
// Linux; -1 turns the rises off as 0 does (it only silences Keepalived's start-up notice,
// which routerd does not print).
void translate_max_auto_priority(const Statement& s, Scope& scope) {
    std::string value = "99";
    if (s.words.size() >= 2) {
        value = integer_value(s, one_argument(s, scope.translation), scope.translation);
        if (value == "-1") value = "0";
    }
    if (!value.empty()) scope.sink.set("vrrp.max_auto_priority", value, s);
}

// startup_script / shutdown_script SCRIPT [USER [GROUP]]: Keepalived reads SCRIPT as one word
// (quoted when it has arguments, which it splits again as routerd does) and the words after it
// as who runs it: [global] KEYWORD and KEYWORD_user.
void translate_lifecycle_script(const Statement& s, Scope& scope) {
    if (s.words.size() < 2 || s.words.size() > 4) {
        scope.translation.report(s, "takes a script, then an optional user and group");
        return;
    }
    const std::string key = "global." + s.keyword();
    scope.sink.set(key, toml_string(s.words[1].text), s);
    if (s.words.size() == 2) return;
    std::string user = s.words[2].text;
    if (s.words.size() == 4) user += " " + s.words[3].text;
    scope.sink.set(key + "_user", toml_string(user), s);
}

// SSL { password ... ca ... certificate ... key ... }: client TLS for every SSL_GET.
void translate_ssl_block(const Statement& s, Scope& scope) {
    InlineSink entries;
    Scope inner{scope.translation, "SSL", entries};
    scope.translation.translate_block(s.children, inner);
    for (auto& [key, value] : entries.entries) {
        set_check_key(scope.translation.ssl_defaults, key, value);
    }
}

// umask NUMBER | BITS: a number as strtoul(3) reads it with base 0 (0x.. hex, 0.. octal, else
// decimal), or permission bits by name joined by '|' ("IWGRP | IWOTH"), as Keepalived's
// global_parser.c reads it; a TOML octal integer.
void translate_umask(const Statement& s, Scope& scope) {
    std::string text;
    for (size_t i = 1; i < s.words.size(); ++i)
        text += s.words[i].text;
    unsigned long mask = 0;
    bool ok = !text.empty();
    if (ok && std::isdigit(static_cast<unsigned char>(text[0]))) {
        char* end = nullptr;
        mask = std::strtoul(text.c_str(), &end, 0);
        ok = *end == '\0' && mask <= 0777;
    } else if (ok) {
        static const std::map<std::string, unsigned long> bits = {
            {"IRUSR", 0400}, {"IWUSR", 0200}, {"IXUSR", 0100}, {"IRGRP", 040}, {"IWGRP", 020},
            {"IXGRP", 010},  {"IROTH", 04},   {"IWOTH", 02},   {"IXOTH", 01}};
        for (size_t start = 0; ok && start <= text.size();) {
            const size_t bar = std::min(text.find('|', start), text.size());
            const auto bit = bits.find(text.substr(start, bar - start));
            ok = bit != bits.end();
            if (ok) mask |= bit->second;
            start = bar + 1;
        }
    }
    if (!ok) {
        scope.translation.report(s, "'" + s.arguments() +
                                        "' is not a mask: write a number (0022, 0x12, 18) or "
                                        "bits such as IWGRP|IWOTH");
        return;
    }
    char octal[8];
    std::snprintf(octal, sizeof octal, "0o%03lo", mask);
    scope.sink.set("global.umask", octal, s);
}

// checker_log_all_failures [BOOL]: every check's log_all_failures (translate_checker), once
// its value is known to be a boolean.
void translate_checker_log_all_failures(const Statement& s, Scope& scope) {
    bool_value(s, scope.translation);
}

// dynamic_interfaces [allow_if_changes]: routerd follows an instance's interface by name, so a
// re-created one may be of another type or on another link (allow_if_changes) in any case.
void translate_dynamic_interfaces(const Statement& s, Scope& scope) {
    if (s.words.size() > 2 || (s.words.size() == 2 && s.words[1].text != "allow_if_changes")) {
        scope.translation.report(s, "takes only allow_if_changes");
        return;
    }
    scope.sink.set("vrrp.dynamic_interfaces", "true", s);
}

// keepalived.conf(5) nftables [TABLENAME]: Keepalived's choice of nftables, which routerd
// always makes; only a name is written ([vrrp] nftables; Keepalived's default name,
// "keepalived", becomes routerd's own default).
void translate_nftables(const Statement& s, Scope& scope) {
    if (s.words.size() > 2) {
        scope.translation.report(s, "takes one table name at most");
        return;
    }
    if (s.words.size() == 2) scope.sink.set("vrrp.nftables", toml_string(s.words[1].text), s);
}

}  // namespace routerd::import
