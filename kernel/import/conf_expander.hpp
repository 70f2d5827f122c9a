#pragma once

#include <map>
#include <string>
#include <vector>

#include "source.hpp"

namespace routerd::import {

// A remark about the input that is not an error (the importer reports it with the keyword
// lines it could not translate).
struct Remark {
    Origin at;
    std::string keyword;
    std::string why;
};

// Keepalived's "ADVANCED CONFIGURATION" (keepalived.conf(5)) applied to read lines, in order:
//  - `@ID line` keeps the line only when ID is the configuration id, `@^ID line` only when
//    it is not;
//  - `$NAME=VALUE` defines a parameter (VALUE may span lines joined by the reader);
//  - `~SEQ(var, start, step, end)`, `~SEQx(...)` (hexadecimal) and `~LST(var, v1, v2, ...)`
//    or `~LST({a, b}, {1, 2}, ...)` repeat the rest of the line;
//  - `${NAME}`, and `$NAME` followed by white space or the end, are replaced, recursively,
//    at use; undefined names stay as written. Pre-defined: _PWD (the current file's folder),
//    _INSTANCE, _HASH ('#'), _BANG ('!'), _RANDOM [MIN [MAX]] (the importer writes MIN and
//    says so: a value drawn at each start cannot be carried into a file).
// A value that spans several lines yields several lines, each expanded again.
class Expander {
  public:
    explicit Expander(std::string config_id) : config_id_(std::move(config_id)) {}

    // Throws SyntaxError (a malformed ~SEQ/~LST, runaway recursion or expansion).
    std::vector<SourceLine> expand(const std::vector<SourceLine>& lines);
    const std::vector<Remark>& remarks() const { return remarks_; }

  private:
    void process(const SourceLine& line, const std::string& text, int depth);
    bool repeat(const SourceLine& line, const std::string& text, int depth);
    std::string substitute(const SourceLine& line, const std::string& text);
    std::string substitute_once(const SourceLine& line, const std::string& text);
    std::string predefined(const SourceLine& line, const std::string& name, bool* known);
    void emit(const SourceLine& line, std::string text);

    std::string config_id_;
    std::map<std::string, std::string> definitions_;
    std::vector<SourceLine> out_;
    std::vector<Remark> remarks_;
};

}  // namespace routerd::import
