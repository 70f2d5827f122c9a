#include "translation.hpp"

#include <algorithm>
#include <cctype>

namespace routerd::import {
namespace {

std::string context_name(std::string_view context) {
    return context.empty() ? "the top level" : std::string(context);
}

std::string verdict_text(Verdict verdict) {
    switch (verdict) {
        case Verdict::unsupported:
            return "not supported by routerd yet";
        case Verdict::not_applicable:
            return "not applicable to routerd";
        case Verdict::obsolete:
            return "obsolete in Keepalived";
        case Verdict::translated:
            break;
    }
    return "translated";
}

void attach_comments(TomlEntry& entry, const Statement& from) {
    entry.comments.insert(entry.comments.end(), from.comments.begin(), from.comments.end());
    if (entry.trailing_comment.empty()) entry.trailing_comment = from.trailing_comment;
}

}  // namespace

void TableSink::set(const std::string& key, std::string value, const Statement& from) {
    attach_comments(document_.table(path_).set(key, std::move(value)), from);
}

void DocumentSink::set(const std::string& dotted_key, std::string value, const Statement& from) {
    const size_t dot = dotted_key.rfind('.');
    std::vector<std::string> path;
    for (size_t start = 0; start < dot;) {
        const size_t next = std::min(dotted_key.find('.', start), dot);
        path.push_back(dotted_key.substr(start, next - start));
        start = next + 1;
    }
    attach_comments(document_.table(path).set(dotted_key.substr(dot + 1), std::move(value)), from);
}

void InlineSink::set(const std::string& key, std::string value, const Statement&) {
    for (auto& [k, v] : entries) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    entries.emplace_back(key, std::move(value));
}

bool InlineSink::has(const std::string& key) const {
    return std::any_of(entries.begin(), entries.end(),
                       [&](const auto& e) { return e.first == key; });
}

void Translation::report(const Origin& at, const std::string& keyword, const std::string& why) {
    findings.push_back({at, keyword, why});
}

void Translation::translate_block(const std::vector<Statement>& statements, Scope& scope) {
    for (const Statement& statement : statements)
        translate(statement, scope);
}

void Translation::translate(const Statement& s, Scope& scope) {
    ++keyword_lines;
    const size_t before = findings.size();
    const KeywordRule* rule = find_rule(scope.context, s.keyword());
    if (!rule) {
        report(s, "not a keyword of " + context_name(scope.context) + " in keepalived.conf(5)");
    } else if (rule->verdict != Verdict::translated) {
        report(s, verdict_text(rule->verdict) + ": " + std::string(rule->reason));
    } else if (s.block && rule->kind != ValueKind::names && rule->kind != ValueKind::custom) {
        report(s, "takes a value, not a block");
    } else {
        const std::string key(rule->key);
        std::string value;
        switch (rule->kind) {
            case ValueKind::string:
                value = one_argument(s, *this);
                if (!value.empty()) value = toml_string(value);
                break;
            case ValueKind::integer:
                value = integer_value(s, one_argument(s, *this), *this);
                break;
            case ValueKind::flag:
                value = bool_value(s, *this);
                break;
            case ValueKind::duration:
                value = duration_value(s, one_argument(s, *this), *this);
                break;
            case ValueKind::script:
                value = script_value(s, *this);
                break;
            case ValueKind::names: {
                std::vector<std::string> items;
                for (const std::string& name : names_in(s))
                    items.push_back(toml_string(name));
                value = toml_array(items);
                break;
            }
            case ValueKind::custom:
                rule->custom(s, scope);
                break;
        }
        const bool check_default = key.rfind("check.", 0) == 0 && scope.check_defaults;
        if (!value.empty() && check_default) {
            set_check_key(*scope.check_defaults, key.substr(6), std::move(value));
        } else if (!value.empty()) {
            scope.sink.set(key, std::move(value), s);
        }
    }
    if (findings.size() == before) ++translated_lines;
}

std::string one_argument(const Statement& s, Translation& t) {
    if (s.words.size() < 2) {
        t.report(s, "needs a value");
        return "";
    }
    if (s.words.size() > 2) {
        t.report(s.words[2].at, s.keyword(),
                 "takes one value; '" + s.words[2].text + "' and what follows are left out");
    }
    return s.words[1].text;
}

std::string integer_value(const Statement& s, const std::string& text, Translation& t) {
    if (text.empty()) return "";
    const bool digits = std::all_of(text.begin() + (text[0] == '-' ? 1 : 0), text.end(),
                                    [](unsigned char c) { return std::isdigit(c); });
    if (!digits || text == "-" || text.size() > 18) {
        t.report(s, "'" + text + "' is not a whole number");
        return "";
    }
    return std::to_string(std::stoll(text));
}

std::string table_value(const std::string& text) {
    if (text == "main" || text == "local" || text == "default") return toml_string(text);
    const bool digits =
        !text.empty() && text.size() <= 10 &&
        std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
    if (!digits || std::stoull(text) == 0 || std::stoull(text) > 0xffffffffULL) return "";
    return text;
}

std::string bool_value(const Statement& s, Translation& t) {
    if (s.words.size() < 2) return "true";
    std::string word = s.words[1].text;
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (word == "on" || word == "true" || word == "yes") return "true";
    if (word == "off" || word == "false" || word == "no") return "false";
    t.report(s, "'" + s.words[1].text + "' is not one of on, off, true, false, yes, no");
    return "";
}

std::string quiet_bool_value(const Statement& s) {
    Translation quiet;
    return bool_value(s, quiet);
}

std::string duration_value(const Statement& s, const std::string& text, Translation& t) {
    if (text.empty()) return "";
    std::string value = toml_duration_from_seconds(text);
    if (value.empty()) t.report(s, "'" + text + "' is not a time in seconds");
    return value;
}

std::string script_value(const Statement& s, Translation& t) {
    if (s.words.size() < 2) {
        t.report(s, "needs a command");
        return "";
    }
    // Keepalived splits a script's words again at unquoted spaces (single quotes group), so
    // the words joined by spaces are the command routerd splits the same way.
    const std::string command = s.arguments();
    // A script that starts with shell syntax ("</dev/tcp/127.0.0.1/80" in Debian's samples)
    // is run by Keepalived through /bin/sh; routerd runs a shell only when asked to.
    if (command.find_first_of("<>|&;(") == 0) {
        std::string quoted;
        for (char c : command)
            quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
        return toml_string("/bin/sh -c '" + quoted + "'");
    }
    return toml_string(command);
}

std::vector<std::string> names_in(const Statement& s) {
    std::vector<std::string> names;
    for (size_t i = 1; i < s.words.size(); ++i)
        names.push_back(s.words[i].text);
    for (const Statement& child : s.children) {
        for (const Word& word : child.words)
            names.push_back(word.text);
    }
    return names;
}

std::string bracketed_address(const std::string& address) {
    return address.find(':') != std::string::npos ? "[" + address + "]" : address;
}

std::string endpoint_text(const std::string& address, const std::string& port) {
    return port.empty() ? address : bracketed_address(address) + ":" + port;
}

void set_check_key(CheckDefaults& keys, const std::string& key, std::string value) {
    for (auto& [k, v] : keys) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    keys.emplace_back(key, std::move(value));
}

}  // namespace routerd::import
