#include "conf_tree.hpp"

#include <cctype>

namespace routerd::import {
namespace {

// Decodes one escape after a backslash inside quotes; `i` is at the character after '\'.
void decode_escape(const std::string& text, size_t& i, std::string& out) {
    const char c = text[i];
    switch (c) {
        case 'a':
            out += '\a';
            return;
        case 'b':
            out += '\b';
            return;
        case 'E':
            out += '\x1b';
            return;
        case 'f':
            out += '\f';
            return;
        case 'n':
            out += '\n';
            return;
        case 'r':
            out += '\r';
            return;
        case 't':
            out += '\t';
            return;
        case 'v':
            out += '\v';
            return;
        default:
            break;
    }
    if (c == 'x') {
        int value = 0, digits = 0;
        while (i + 1 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               digits < 2) {
            value = value * 16 + std::stoi(std::string(1, text[++i]), nullptr, 16);
            ++digits;
        }
        out += digits ? static_cast<char>(value) : 'x';
        return;
    }
    if (c >= '0' && c <= '7') {
        int value = c - '0', digits = 1;
        while (i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '7' && digits < 3) {
            value = value * 8 + (text[++i] - '0');
            ++digits;
        }
        out += static_cast<char>(value);
        return;
    }
    out += c;  // \C is C, so \\ is '\' and \" a quote that does not end the string
}

bool space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

std::string Statement::arguments() const {
    std::string out;
    for (size_t i = 1; i < words.size(); ++i)
        out += (i > 1 ? " " : "") + words[i].text;
    return out;
}

std::vector<Word> split_words(const SourceLine& line) {
    std::vector<Word> words;
    const std::string& text = line.text;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && space(text[i]))
            ++i;
        if (i >= text.size()) break;
        Word word{"", line.at, false};
        word.at.column = line.at.column + static_cast<int>(i);
        if (text[i] == '{' || text[i] == '}') {
            word.text = text[i++];
            words.push_back(std::move(word));
            continue;
        }
        int braces = 0;  // '{' inside the word, as in ${NAME} left undefined
        while (i < text.size() && !space(text[i])) {
            const char c = text[i];
            if (c == '"' || c == '\'') {
                word.quoted = true;
                for (++i; i < text.size() && text[i] != c; ++i) {
                    if (text[i] == '\\' && i + 1 < text.size()) {
                        ++i;
                        decode_escape(text, i, word.text);
                    } else {
                        word.text += text[i];
                    }
                }
                if (i >= text.size()) {
                    throw SyntaxError(word.at, std::string("unclosed ") + c + " quote");
                }
                ++i;
                continue;
            }
            if (c == '}' && braces == 0) break;  // closes a block: a word of its own
            if (c == '{') ++braces;
            if (c == '}') --braces;
            word.text += c;
            ++i;
        }
        words.push_back(std::move(word));
    }
    return words;
}

std::vector<Statement> build_tree(const std::vector<SourceLine>& lines) {
    struct Open {
        Statement statement;
        Origin brace;
    };
    std::vector<Statement> top;
    std::vector<Open> stack;
    std::vector<std::string> comments;  // full-line comments waiting for their statement
    auto children = [&]() -> std::vector<Statement>& {
        return stack.empty() ? top : stack.back().statement.children;
    };
    for (const SourceLine& line : lines) {
        if (line.comment_only) {
            comments.push_back(line.comment);
            continue;
        }
        bool line_has_statement = false;
        Statement current;
        auto finish = [&] {
            if (current.words.empty()) return;
            current.comments = std::move(comments);
            comments.clear();
            children().push_back(std::move(current));
            current = Statement();
            line_has_statement = true;
        };
        for (Word& word : split_words(line)) {
            if (!word.quoted && word.text == "{") {
                if (current.words.empty()) {
                    // '{' alone: it opens the block of the statement on the line before.
                    if (line_has_statement || children().empty() || children().back().block) {
                        throw SyntaxError(word.at, "'{' with no keyword before it");
                    }
                    Statement previous = std::move(children().back());
                    children().pop_back();
                    previous.block = true;
                    stack.push_back({std::move(previous), word.at});
                    continue;
                }
                current.block = true;
                current.comments = std::move(comments);
                comments.clear();
                stack.push_back({std::move(current), word.at});
                current = Statement();
                continue;
            }
            if (!word.quoted && word.text == "}") {
                finish();
                if (stack.empty()) throw SyntaxError(word.at, "'}' closes no block");
                Statement closed = std::move(stack.back().statement);
                stack.pop_back();
                children().push_back(std::move(closed));
                line_has_statement = true;
                continue;
            }
            current.words.push_back(std::move(word));
        }
        if (!current.words.empty()) current.trailing_comment = line.comment;
        finish();
    }
    if (!stack.empty()) {
        const Open& open = stack.back();
        throw SyntaxError(open.brace, "the block of '" + open.statement.keyword() +
                                          "' opened here is never closed");
    }
    return top;
}

}  // namespace routerd::import
