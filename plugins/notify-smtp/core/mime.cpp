#include "mime.hpp"

#include <algorithm>

#include "base64.hpp"
#include "lines.hpp"

namespace routerd::smtp {
namespace {

constexpr std::size_t kQpLineLimit = 76;      // RFC 2045 §6.7 (5)
constexpr std::size_t kHeaderLineLimit = 78;  // RFC 5322 §2.1.1 SHOULD
// Octets per encoded-word: 42 octets -> 56 base64 characters -> a 68-octet word,
// which keeps even "Subject: " + word within 78 octets.
constexpr std::size_t kEncodedWordOctets = 42;
constexpr std::size_t kMaxPlainWord = 66;

std::string qp_octet(unsigned char octet) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    return {'=', kHex[octet >> 4], kHex[octet & 0xf]};
}

// RFC 2045 §6.7 rules (1)-(3): '=' and non-printables are encoded; a space or tab
// is literal except at the end of a line.
std::string qp_token(std::string_view line, std::size_t i) {
    const auto octet = static_cast<unsigned char>(line[i]);
    const bool literal = (octet >= 33 && octet <= 126 && octet != '=') ||
                         ((octet == ' ' || octet == '\t') && i + 1 < line.size());
    return literal ? std::string(1, line[i]) : qp_octet(octet);
}

bool needs_encoded_words(std::string_view text) {
    const bool printable = std::ranges::all_of(text, [](char c) { return c >= ' ' && c < 0x7f; });
    if (!printable || text.find("=?") != std::string_view::npos) {
        return true;
    }
    std::size_t word = 0;
    for (const char c : text) {
        word = c == ' ' ? 0 : word + 1;
        if (word > kMaxPlainWord) {
            return true;
        }
    }
    return false;
}

bool is_utf8_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

}  // namespace

std::string quoted_printable_encode(std::string_view text) {
    std::string out;
    for (const std::string_view line : split_lines(text)) {
        std::size_t length = 0;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const std::string token = qp_token(line, i);
            // Leave room for the '=' of a soft line break, unless this is the last token.
            const std::size_t room = i + 1 < line.size() ? kQpLineLimit - 1 : kQpLineLimit;
            if (length + token.size() > room) {
                out += "=\r\n";
                length = 0;
            }
            out += token;
            length += token.size();
        }
        out += "\r\n";
    }
    return out;
}

std::string header_field(std::string_view name, std::span<const std::string> words) {
    std::string out(name);
    out += ':';
    std::size_t length = out.size();
    for (const std::string& word : words) {
        // Folding puts CRLF before the space that separates two words.
        if (!word.empty() && length > name.size() + 1 &&
            length + 1 + word.size() > kHeaderLineLimit) {
            out += "\r\n";
            length = 0;
        }
        out += ' ';
        out += word;
        length += 1 + word.size();
    }
    out += "\r\n";
    return out;
}

std::vector<std::string> unstructured_words(std::string_view utf8) {
    std::vector<std::string> words;
    if (!needs_encoded_words(utf8)) {
        std::size_t start = 0;
        for (std::size_t space = utf8.find(' '); space != std::string_view::npos;
             space = utf8.find(' ', start)) {
            words.emplace_back(utf8.substr(start, space - start));
            start = space + 1;
        }
        words.emplace_back(utf8.substr(start));
        return words;
    }
    for (std::size_t start = 0; start < utf8.size();) {
        std::size_t end = std::min(start + kEncodedWordOctets, utf8.size());
        while (end < utf8.size() && end > start + 1 && is_utf8_continuation(utf8[end])) {
            --end;
        }
        words.push_back("=?UTF-8?B?" + base64_encode(utf8.substr(start, end - start)) + "?=");
        start = end;
    }
    return words;
}

}  // namespace routerd::smtp
