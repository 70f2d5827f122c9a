#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace routerd::import {

// Where a piece of keepalived.conf came from: a file and a line (1-based), and a column
// (1-based) where one is known (0 otherwise).
struct Origin {
    std::string file;
    int line = 0;
    int column = 0;

    // "FILE:LINE" or, with a column, "FILE:LINE:COL".
    std::string text() const;
    // "FILE:LINE" (the form of the importer's report).
    std::string file_line() const;
};

// One line of configuration, comment removed, before or after expansion.
struct SourceLine {
    Origin at;
    std::string text;
    std::string comment;        // the comment that ended the line ("" for none), without '#'/'!'
    bool comment_only = false;  // the whole line was a comment
};

// A syntax error (unclosed block, stray brace, unreadable include, ...): the importer stops
// and exits 1 with it.
class SyntaxError : public std::runtime_error {
  public:
    SyntaxError(Origin at, const std::string& message)
        : std::runtime_error(at.text() + ": " + message), at_(std::move(at)) {}
    const Origin& at() const { return at_; }

  private:
    Origin at_;
};

}  // namespace routerd::import
