#pragma once

#include <string>
#include <vector>

#include "source.hpp"

namespace routerd::import {

// A word of keepalived.conf: quotes removed, escapes in quoted parts decoded.
struct Word {
    std::string text;
    Origin at;
    bool quoted = false;  // some part of it was in quotes
};

// A statement: a keyword and its arguments on one line, with the block that follows it, if
// any. Comments are kept for the TOML output: the full-line comments just before the
// statement, and the one that ends its line.
struct Statement {
    std::vector<Word> words;  // never empty
    std::vector<Statement> children;
    bool block = false;
    std::vector<std::string> comments;
    std::string trailing_comment;

    const std::string& keyword() const { return words.front().text; }
    const Origin& at() const { return words.front().at; }
    // The arguments after the keyword, joined by single spaces.
    std::string arguments() const;
};

// Splits a line into words as Keepalived does: white space separates words; "..." and '...'
// quote (the quotes go, the white space inside stays, and adjacent parts join: abc" d"e is one
// word); inside quotes \n, \t, \\, \", \xHH, \NNN escape; '{' and '}' outside quotes are words
// of their own where they open or close a word.
std::vector<Word> split_words(const SourceLine& line);

// Builds the statement tree of expanded lines. A block opens with '{' at the end of a
// statement's line or alone on the next line, and closes with '}'; `k { a b }` on one line is
// the statement k with one child, `a b`. Throws SyntaxError for a stray '}', a '{' with no
// statement, and a block never closed (at its '{').
std::vector<Statement> build_tree(const std::vector<SourceLine>& lines);

}  // namespace routerd::import
