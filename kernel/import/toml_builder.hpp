#pragma once

#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace routerd::import {

// TOML values, rendered as text.
std::string toml_string(const std::string& value);
// A whole number (0..2^32-1) as iproute2 reads one (decimal or 0x hex), as TOML text; "" if it
// is none.
std::string number_text(const std::string& text);
std::string toml_array(const std::vector<std::string>& rendered_items);
std::string toml_inline_table(const std::vector<std::pair<std::string, std::string>>& entries);
// Text that may go into a TOML comment or onto a terminal: valid UTF-8 passes, control
// characters and bytes that are not UTF-8 are written as \xNN (TOML 1.0 allows neither in a
// comment, and keepalived.conf is read as bytes).
std::string visible_text(std::string_view text);
// A key, bare where TOML allows it, quoted otherwise.
std::string toml_key(const std::string& key);
// Keepalived's <TIMER> (seconds, fractions allowed: "1", "0.5", "2.71828") as a routerd
// duration string ("1s", "500ms", "2718280us"); nullopt-like "" for text that is not one.
std::string toml_duration_from_seconds(const std::string& seconds);

// One key of a table, with the comments that go before it and at the end of its line.
struct TomlEntry {
    std::string key;
    std::string value;  // rendered
    std::vector<std::string> comments;
    std::string trailing_comment;
};

struct TomlTable {
    std::vector<std::string> path;
    std::vector<std::string> comments;
    std::vector<TomlEntry> entries;

    // Sets `key` (replacing an earlier value of it) and returns the entry.
    TomlEntry& set(const std::string& key, std::string value);
    const TomlEntry* find(const std::string& key) const;
};

// A TOML document built table by table, written in the order the tables were first asked
// for. A table with no keys is not written (its sub-tables define it).
class TomlDocument {
  public:
    std::vector<std::string> header_comments;

    // The table at `path`, created empty at the end if it does not exist yet (references
    // stay valid as tables are added).
    TomlTable& table(const std::vector<std::string>& path);
    bool has_table(const std::vector<std::string>& path) const;
    std::string render() const;

  private:
    std::deque<TomlTable> tables_;  // in the order they were first asked for
    std::map<std::vector<std::string>, TomlTable*> index_;  // by path (a deque never moves them)
};

}  // namespace routerd::import
