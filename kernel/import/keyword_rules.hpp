#pragma once

#include <string_view>
#include <vector>

namespace routerd::import {

struct Statement;
struct Scope;

// What becomes of a Keepalived keyword in routerd.
enum class Verdict {
    translated,      // written to the TOML path the rule names
    unsupported,     // routerd has no such feature yet
    not_applicable,  // it does not apply to routerd (the reason says why, and what instead)
    obsolete,        // Keepalived itself has deprecated it
};

// How a translated keyword's value is written to the scope's current table.
enum class ValueKind {
    string,    // one word
    integer,   // one whole number
    flag,      // no argument (true) or <BOOL>
    duration,  // Keepalived's <TIMER>, seconds with fractions, as a routerd duration
    script,    // the rest of the line: a command, split later by routerd as Keepalived does
    names,     // a block of names (or names on the line): an array of strings
    custom,    // the rule's own function
};

// One row of the mapping from keepalived.conf(5)'s keywords to routerd's TOML. It is data:
// the importer follows it, and `routerd import-keepalived --keywords` prints it as the
// documentation, so the two cannot drift.
struct KeywordRule {
    std::string_view context;  // the block it appears in ("" for the top level)
    std::string_view keyword;
    Verdict verdict;
    std::string_view target;  // translated: the routerd key, for the documentation
    std::string_view key;     // translated generically: the key written in the scope
    ValueKind kind;
    void (*custom)(const Statement&, Scope&);  // ValueKind::custom
    std::string_view reason;                   // not translated: why, and what to use instead
};

const std::vector<KeywordRule>& keyword_rules();
const KeywordRule* find_rule(std::string_view context, std::string_view keyword);

}  // namespace routerd::import
