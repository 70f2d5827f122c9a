// keepalived.conf(5)'s global_defs and top-level SSL block: routerd's [global],
// [notify-smtp] and [vrrp] keys, and the TLS keys of every SSL_GET check.
#include "custom_rules.hpp"
#include "translation.hpp"

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

// vrrp_rlimit_rttime USECS: microseconds in Keepalived, a duration in routerd.
void translate_rlimit_rttime(const Statement& s, Scope& scope) {
    const std::string usecs =
        integer_value(s, one_argument(s, scope.translation), scope.translation);
    if (!usecs.empty()) scope.sink.set("vrrp.rlimit_rttime", toml_string(usecs + "us"), s);
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

}  // namespace routerd::import
