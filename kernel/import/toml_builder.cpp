#include "toml_builder.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace routerd::import {

namespace {

// The length of the valid UTF-8 sequence at the start of `text` (RFC 3629 §4: no overlong
// forms, no surrogates, nothing above U+10FFFF), or 0.
size_t utf8_sequence_length(std::string_view text) {
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) return 1;
    size_t length;
    unsigned char low = 0x80, high = 0xbf;  // the range of the second byte
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0) low = 0xa0;
        if (lead == 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0) low = 0x90;
        if (lead == 0xf4) high = 0x8f;
    } else {
        return 0;
    }
    if (text.size() < length || byte(1) < low || byte(1) > high) return 0;
    for (size_t i = 2; i < length; ++i) {
        if (byte(i) < 0x80 || byte(i) > 0xbf) return 0;
    }
    return length;
}

std::string hex_escape(const char* format, unsigned char c) {
    char escaped[8];
    std::snprintf(escaped, sizeof escaped, format, c);
    return escaped;
}

}  // namespace

std::string visible_text(std::string_view text) {
    std::string out;
    while (!text.empty()) {
        const unsigned char c = static_cast<unsigned char>(text[0]);
        const size_t length = utf8_sequence_length(text);
        if (length == 0 || (c < 0x20 && c != '\t') || c == 0x7f) {
            out += hex_escape("\\x%02x", c);
            text.remove_prefix(1);
        } else {
            out += text.substr(0, length);
            text.remove_prefix(length);
        }
    }
    return out;
}

// A basic string; bytes that are not UTF-8 (which TOML cannot hold) become U+FFFD.
// A whole number (0..2^32-1) as iproute2 reads one (decimal or 0x hex), as TOML text; "" if it is
// none.
std::string number_text(const std::string& text) {
    if (text.empty() || text[0] == '-' || text[0] == '+') return "";
    char* end = nullptr;
    const unsigned long long value = std::strtoull(text.c_str(), &end, 0);
    if (*end != '\0' || value > 0xffffffffULL) return "";
    return std::to_string(value);
}

std::string toml_string(const std::string& value) {
    std::string out = "\"";
    std::string_view rest = value;
    while (!rest.empty()) {
        const unsigned char c = static_cast<unsigned char>(rest[0]);
        const size_t length = utf8_sequence_length(rest);
        if (length == 0) {
            out += "\\uFFFD";
            rest.remove_prefix(1);
            continue;
        }
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    out += hex_escape("\\u%04x", c);
                } else {
                    out += rest.substr(0, length);
                }
        }
        rest.remove_prefix(length);
    }
    return out + "\"";
}

std::string toml_array(const std::vector<std::string>& rendered_items) {
    std::string out = "[";
    for (size_t i = 0; i < rendered_items.size(); ++i) {
        out += (i ? ", " : "") + rendered_items[i];
    }
    return out + "]";
}

std::string toml_inline_table(const std::vector<std::pair<std::string, std::string>>& entries) {
    std::string out = "{ ";
    for (size_t i = 0; i < entries.size(); ++i) {
        out += (i ? ", " : "") + toml_key(entries[i].first) + " = " + entries[i].second;
    }
    return out + " }";
}

std::string toml_key(const std::string& key) {
    const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-';
    });
    return bare ? key : toml_string(key);
}

std::string toml_duration_from_seconds(const std::string& seconds) {
    // Whole microseconds, as Keepalived keeps timers ("resolution of timer is micro-seconds").
    const size_t dot = seconds.find('.');
    const std::string whole = seconds.substr(0, dot);
    std::string fraction = dot == std::string::npos ? "" : seconds.substr(dot + 1);
    const auto digits = [](const std::string& s) {
        return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
    };
    if ((whole.empty() && fraction.empty()) || !digits(whole) || !digits(fraction) ||
        whole.size() > 9) {
        return "";
    }
    if (fraction.size() > 6) fraction.resize(6);
    const long long micros =
        (whole.empty() ? 0 : std::stoll(whole)) * 1'000'000 +
        (fraction.empty() ? 0 : std::stoll(fraction + std::string(6 - fraction.size(), '0')));
    if (micros % 1'000'000 == 0) return toml_string(std::to_string(micros / 1'000'000) + "s");
    if (micros % 1'000 == 0) return toml_string(std::to_string(micros / 1'000) + "ms");
    return toml_string(std::to_string(micros) + "us");
}

TomlEntry& TomlTable::set(const std::string& key, std::string value) {
    for (TomlEntry& entry : entries) {
        if (entry.key == key) {
            entry.value = std::move(value);
            return entry;
        }
    }
    entries.push_back({key, std::move(value), {}, ""});
    return entries.back();
}

const TomlEntry* TomlTable::find(const std::string& key) const {
    for (const TomlEntry& entry : entries) {
        if (entry.key == key) return &entry;
    }
    return nullptr;
}

TomlTable& TomlDocument::table(const std::vector<std::string>& path) {
    const auto [at, added] = index_.try_emplace(path, nullptr);
    if (added) {
        tables_.push_back({path, {}, {}});
        at->second = &tables_.back();
    }
    return *at->second;
}

bool TomlDocument::has_table(const std::vector<std::string>& path) const {
    return index_.contains(path);
}

namespace {

void render_comments(const std::vector<std::string>& comments, std::string& out) {
    for (const std::string& comment : comments) {
        out += "#" + (comment.empty() ? "" : " " + visible_text(comment)) + "\n";
    }
}

}  // namespace

std::string TomlDocument::render() const {
    std::string out;
    render_comments(header_comments, out);
    for (const TomlTable& table : tables_) {
        if (table.entries.empty() && table.comments.empty()) continue;
        if (!out.empty()) out += "\n";
        render_comments(table.comments, out);
        if (!table.path.empty()) {
            out += "[";
            for (size_t i = 0; i < table.path.size(); ++i) {
                out += (i ? "." : "") + toml_key(table.path[i]);
            }
            out += "]\n";
        }
        for (const TomlEntry& entry : table.entries) {
            render_comments(entry.comments, out);
            out += toml_key(entry.key) + " = " + entry.value;
            if (!entry.trailing_comment.empty())
                out += "  # " + visible_text(entry.trailing_comment);
            out += "\n";
        }
    }
    return out;
}

}  // namespace routerd::import
