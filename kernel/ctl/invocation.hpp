// routerctl's command line as values: options, the verb and its arguments. Pure: no socket,
// no clock; a wrong command line is a UsageError whose message says what is wrong.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace routerd::ctl {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct HistoryFilter {
    std::optional<std::chrono::nanoseconds> since;  // --since DURATION: rows younger than it
    std::optional<std::string> instance;            // --instance NAME: rows about NAME only
    std::optional<uint64_t> limit;                  // --limit N: the newest N rows
};

struct Invocation {
    std::string socket = "/run/routerd/routerd.sock";
    bool json = false;  // print routerd's JSON answer as it is
    bool help = false;
    std::string verb;
    std::vector<std::string> args;  // after the verb
    HistoryFilter history;
};

// argv without the program name. Options may come before or after the verb.
Invocation parse_invocation(const std::vector<std::string>& argv);

// The verbs routerctl itself knows (a word that is none of them is a plugin's name).
const std::vector<std::string>& known_verbs();

}  // namespace routerd::ctl
