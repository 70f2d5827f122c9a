// The VRRP blocks of keepalived.conf(5) ("VRRPD CONFIGURATION") in routerd's [vrrp] tables.
#include <arpa/inet.h>

#include <algorithm>
#include <set>

#include "custom_rules.hpp"
#include "translation.hpp"

namespace routerd::import {
namespace {

// A named block (vrrp_instance NAME { ... }) becomes the table PREFIX.NAME, with the
// comments that went before it.
void translate_named_block(const Statement& s, Scope& parent, std::string_view context,
                           std::vector<std::string> path) {
    Translation& t = parent.translation;
    if (s.words.size() != 2) {
        t.report(s, s.words.size() < 2 ? "needs a name" : "takes one name");
        if (s.words.size() < 2) return;
    }
    path.push_back(s.words[1].text);
    TomlTable& table = t.document.table(path);
    table.comments.insert(table.comments.end(), s.comments.begin(), s.comments.end());
    TableSink sink(t.document, path);
    Scope scope{t, context, sink};
    t.translate_block(s.children, scope);
}

bool is_number(const std::string& text) {
    return !text.empty() && text.find_first_not_of("-0123456789") == std::string::npos;
}

bool is_ip_address(const std::string& text) {
    unsigned char bytes[16];
    return inet_pton(AF_INET, text.c_str(), bytes) == 1 ||
           inet_pton(AF_INET6, text.c_str(), bytes) == 1;
}

}  // namespace

void translate_vrrp_instance(const Statement& s, Scope& scope) {
    translate_named_block(s, scope, "vrrp_instance", {"vrrp", "instance"});
}

void translate_vrrp_sync_group(const Statement& s, Scope& scope) {
    translate_named_block(s, scope, "vrrp_sync_group", {"vrrp", "sync_group"});
    if (s.words.size() < 2) return;
    TomlTable& table = scope.translation.document.table({"vrrp", "sync_group", s.words[1].text});
    if (!table.find("group")) {
        // Keepalived removes a sync group with no instances ("has no virtual router(s)").
        scope.translation.report(s,
                                 "has no group { } of instances (Keepalived removes such "
                                 "a sync group); left out");
        table.entries.clear();
        table.comments.clear();
    }
}

void translate_vrrp_script(const Statement& s, Scope& scope) {
    translate_named_block(s, scope, "vrrp_script", {"vrrp", "script"});
}

void translate_vrrp_track_process(const Statement& s, Scope& scope) {
    translate_named_block(s, scope, "vrrp_track_process", {"vrrp", "track_process"});
}

void translate_vrrp_track_file(const Statement& s, Scope& scope) {
    translate_named_block(s, scope, "vrrp_track_file", {"vrrp", "track_file"});
}

// garp_group { garp_interval T gna_interval T interface IF | interfaces { IF ... } }: one more
// table of [vrrp] garp_group; Keepalived removes a group with neither interval.
void translate_garp_group(const Statement& s, Scope& scope) {
    Translation& t = scope.translation;
    InlineSink entries;
    Scope inner{t, "garp_group", entries};
    t.translate_block(s.children, inner);
    if (!entries.has("garp_interval") && !entries.has("gna_interval")) {
        t.report(s,
                 "has no garp_interval or gna_interval (Keepalived removes such a group); "
                 "left out");
        return;
    }
    if (!entries.has("interfaces")) {
        t.report(s, "names no interface; left out");
        return;
    }
    t.garp_groups.push_back(toml_inline_table(entries.entries));
    t.document.table({"vrrp"}).set("garp_group", toml_array(t.garp_groups));
}

// vrrp_garp_extra_if / garp_extra_if [all] SECONDS (and their old spelling vmac_garp_intvl):
// garp_extra_if and garp_extra_if_all, in [vrrp] or the instance. Keepalived 2.2.7
// (vrrp_parser.c) wants 1..86400 globally and 0..86400 in an instance, where 0 is no setting
// of its own: the instance then takes the global one, `all` included.
void translate_garp_extra_if(const Statement& s, Scope& scope) {
    Translation& t = scope.translation;
    const bool global = scope.context == "global_defs";
    bool all = false;
    std::string seconds;
    for (size_t i = 1; i < s.words.size(); ++i) {
        const std::string& word = s.words[i].text;
        if (word == "all") {
            all = true;
        } else if (seconds.empty() && !word.empty() &&
                   word.find_first_not_of("0123456789") == std::string::npos && word.size() <= 5 &&
                   std::stoul(word) <= 86400 && (std::stoul(word) > 0 || !global)) {
            seconds = word;
        } else {
            t.report(s, "'" + word + "' is not 'all' or whole seconds from " +
                            (global ? "1" : "0") + " to 86400");
            return;
        }
    }
    if (seconds.empty()) {
        t.report(s, "names no time (Keepalived ignores it)");
        return;
    }
    if (std::stoul(seconds) == 0) return;
    const std::string prefix = global ? "vrrp." : "";
    scope.sink.set(prefix + "garp_extra_if", toml_string(seconds + "s"), s);
    scope.sink.set(prefix + "garp_extra_if_all", all ? "true" : "false", s);
}

// authentication { auth_type PASS|AH  auth_pass SECRET } → authentication = { type, pass }.
void translate_authentication(const Statement& s, Scope& scope) {
    InlineSink entries;
    Scope inner{scope.translation, "authentication", entries};
    scope.translation.translate_block(s.children, inner);
    scope.sink.set("authentication", toml_inline_table(entries.entries), s);
}

// track_interface / track_script / track_process / track_file { NAME [weight N [reverse]] }.
void translate_track_list(const Statement& s, Scope& scope) {
    std::vector<std::string> items;
    for (const Statement& entry : s.children) {
        std::vector<std::pair<std::string, std::string>> ref{
            {"name", toml_string(entry.keyword())}};
        for (size_t i = 1; i < entry.words.size(); ++i) {
            const std::string& word = entry.words[i].text;
            if (word == "weight" && i + 1 < entry.words.size() &&
                is_number(entry.words[i + 1].text)) {
                ref.emplace_back("weight", entry.words[++i].text);
            } else if (word == "reverse") {
                ref.emplace_back("reverse", "true");
            } else if (word != "noreverse") {  // the default
                scope.translation.report(entry.words[i].at, s.keyword() + " " + word,
                                         "'" + word + "' is not weight N or reverse");
            }
        }
        items.push_back(ref.size() == 1 ? ref[0].second : toml_inline_table(ref));
    }
    for (size_t i = 1; i < s.words.size(); ++i)
        items.push_back(toml_string(s.words[i].text));
    scope.sink.set(s.keyword(), toml_array(items), s);
}

// global_tracking (deprecated in keepalived.conf(5), "use track_* on vrrp_sync_groups"): in
// Keepalived it lets members keep their own tracking weights, which sync_group_tracking_weight
// now says.
void translate_global_tracking(const Statement& s, Scope& scope) {
    scope.sink.set("sync_group_tracking_weight", "true", s);
}

// use_vmac [NAME] [MAC]: true, the name, or { name, mac } (a word with a ':' is the MAC: an
// interface name cannot have one).
void translate_use_vmac(const Statement& s, Scope& scope) {
    std::vector<std::pair<std::string, std::string>> vmac;
    for (size_t i = 1; i < s.words.size(); ++i) {
        const std::string& word = s.words[i].text;
        const char* key = word.find(':') == std::string::npos ? "name" : "mac";
        if (std::any_of(vmac.begin(), vmac.end(), [&](const auto& e) { return e.first == key; })) {
            scope.translation.report(s, "'" + word + "' is a second " + key + "; left out");
            continue;
        }
        vmac.emplace_back(key, toml_string(word));
    }
    std::string value = "true";
    if (vmac.size() == 1 && vmac.front().first == "name") {
        value = vmac.front().second;
    } else if (!vmac.empty()) {
        value = toml_inline_table(vmac);
    }
    scope.sink.set("use_vmac", value, s);
}

// use_ipvlan [NAME] [IP_ADDRESS[/PREFIX]] [bridge|private|vepa], in any order as Keepalived
// reads it: true, the name, or { name, address, mode }.
void translate_use_ipvlan(const Statement& s, Scope& scope) {
    std::vector<std::pair<std::string, std::string>> ipvlan;
    for (size_t i = 1; i < s.words.size(); ++i) {
        const std::string& word = s.words[i].text;
        const char* key = word == "bridge" || word == "private" || word == "vepa" ? "mode"
                          : is_ip_address(word.substr(0, word.find('/')))         ? "address"
                                                                                  : "name";
        if (std::any_of(ipvlan.begin(), ipvlan.end(),
                        [&](const auto& e) { return e.first == key; })) {
            scope.translation.report(s, "'" + word + "' is a second " + key + "; left out");
            continue;
        }
        ipvlan.emplace_back(key, toml_string(word));
    }
    std::string value = "true";
    if (ipvlan.size() == 1 && ipvlan.front().first == "name") {
        value = ipvlan.front().second;
    } else if (!ipvlan.empty()) {
        value = toml_inline_table(ipvlan);
    }
    scope.sink.set("use_ipvlan", value, s);
}

// old_unicast_checksum [never]: true (send the old checksum), or "never" (never detect it).
void translate_old_unicast_checksum(const Statement& s, Scope& scope) {
    if (s.words.size() > 2 || (s.words.size() == 2 && s.words[1].text != "never")) {
        scope.translation.report(s, "takes nothing or 'never'; left out");
        return;
    }
    scope.sink.set("old_unicast_checksum", s.words.size() == 2 ? "\"never\"" : "true", s);
}

// unicast_peer { ADDR [min_ttl N] [max_ttl N] }: an address, or { address, min_ttl, max_ttl }.
void translate_unicast_peer(const Statement& s, Scope& scope) {
    std::vector<std::string> items;
    for (const Statement& entry : s.children) {
        std::vector<std::pair<std::string, std::string>> peer{
            {"address", toml_string(entry.keyword())}};
        for (size_t i = 1; i < entry.words.size(); ++i) {
            const std::string& word = entry.words[i].text;
            if ((word == "min_ttl" || word == "max_ttl") && i + 1 < entry.words.size() &&
                is_number(entry.words[i + 1].text)) {
                peer.emplace_back(word, entry.words[++i].text);
            } else {
                scope.translation.report(entry.words[i].at, "unicast_peer " + word,
                                         "'" + word + "' is not min_ttl N or max_ttl N");
            }
        }
        items.push_back(peer.size() == 1 ? peer[0].second : toml_inline_table(peer));
    }
    scope.sink.set("unicast_peer", toml_array(items), s);
}

// notify_deleted [SCRIPT]: true, or the script that runs too.
void translate_notify_deleted(const Statement& s, Scope& scope) {
    const std::string value = s.words.size() < 2 ? "true" : script_value(s, scope.translation);
    if (!value.empty()) scope.sink.set("notify_deleted", value, s);
}

// preempt is Keepalived's default; written out so that a later nopreempt line is overridden
// as in Keepalived (the last one wins).
void translate_preempt(const Statement& s, Scope& scope) {
    scope.sink.set("nopreempt", "false", s);
}

// weight N [reverse] (vrrp_script, vrrp_track_process, vrrp_track_file, FILE_CHECK).
void translate_weight(const Statement& s, Scope& scope) {
    const std::string value =
        integer_value(s, s.words.size() > 1 ? s.words[1].text : "", scope.translation);
    if (s.words.size() < 2) scope.translation.report(s, "needs a value");
    if (value.empty()) return;
    scope.sink.set("weight", value, s);
    // FILE_CHECK's reverse is its own key in routerd's file check.
    if (scope.context == "FILE_CHECK" && s.words.size() == 3 && s.words[2].text == "reverse") {
        scope.sink.set("reverse", "true", s);
        return;
    }
    for (size_t i = 2; i < s.words.size(); ++i) {
        scope.translation.report(
            s.words[i].at, "weight " + s.words[i].text,
            "not supported by routerd yet here: reverse a tracker where "
            "an instance lists it (track_script = [{ name, reverse = true }])");
    }
}

// user USER [GROUP].
// `user USER [GROUP]` of a vrrp_script or MISC_CHECK, and global_defs' `script_user USER
// [GROUP]`: the same words, as one "USER [GROUP]" string.
namespace {

void set_user_and_group(const Statement& s, Scope& scope, const std::string& key) {
    if (s.words.size() < 2 || s.words.size() > 3) {
        scope.translation.report(s, "takes a user and an optional group");
        return;
    }
    scope.sink.set(key, toml_string(s.arguments()), s);
}

}  // namespace

void translate_script_user(const Statement& s, Scope& scope) {
    set_user_and_group(s, scope, "user");
}

void translate_global_script_user(const Statement& s, Scope& scope) {
    set_user_and_group(s, scope, "global.script_user");
}

// process NAME [PARAMETERS...]: with parameters, argv[0] is NAME and the parameters after it
// are matched (exactly, or as param_match says).
void translate_process_name(const Statement& s, Scope& scope) {
    if (s.words.size() < 2) {
        scope.translation.report(s, "needs a process name");
        return;
    }
    scope.sink.set("process", toml_string(s.words[1].text), s);
    if (s.words.size() == 2) return;
    std::vector<std::string> params;
    for (size_t i = 2; i < s.words.size(); ++i)
        params.push_back(toml_string(s.words[i].text));
    scope.sink.set("params", toml_array(params), s);
}

// param_match [initial|partial]: bare, the parameters must be exactly those given (none when
// the process has none).
void translate_param_match(const Statement& s, Scope& scope) {
    const std::string mode = s.words.size() > 1 ? s.words[1].text : "exact";
    if (s.words.size() > 2 || (mode != "initial" && mode != "partial" && mode != "exact")) {
        scope.translation.report(s, "takes initial or partial");
        return;
    }
    scope.sink.set("param_match", toml_string(mode), s);
}

// init_file [VALUE] [overwrite]: VALUE (default 0) is written at start when the file is
// missing, or always with overwrite.
void translate_init_file(const Statement& s, Scope& scope) {
    std::string value = "0";
    bool overwrite = false;
    for (size_t i = 1; i < s.words.size(); ++i) {
        const std::string& word = s.words[i].text;
        if (word == "overwrite" && !overwrite) {
            overwrite = true;
        } else if (i == 1) {
            value = integer_value(s, word, scope.translation);
            if (value.empty()) return;
        } else {
            scope.translation.report(s.words[i].at, "init_file " + word,
                                     "takes a value and `overwrite`, nothing more");
            return;
        }
    }
    scope.sink.set("init_file", value, s);
    if (overwrite) scope.sink.set("init_file_overwrite", "true", s);
}

}  // namespace routerd::import
