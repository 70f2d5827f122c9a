// keepalived.conf(5)'s global_defs and top-level SSL block: routerd's [global],
// [notify-smtp] and [vrrp] keys, and the TLS keys of every SSL_GET check.
#include "custom_rules.hpp"
#include "translation.hpp"

namespace routerd::import {

void translate_global_defs(const Statement& s, Scope& scope) {
    DocumentSink sink(scope.translation.document);
    Scope inner{scope.translation, "global_defs", sink};
    scope.translation.translate_block(s.children, inner);
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
