// A script line from the configuration, split into argv exactly as Keepalived splits its
// `script` strings (keepalived.conf(5), "Quoted strings"; Keepalived's parser.c,
// alloc_strvec_quoted_escaped()). No shell is involved. The rule:
//
//  - Words are separated by runs of whitespace (space, \t, \n, \r, \f, \v) outside quotes.
//  - '...' and "..." group text, whitespace included, into the current word; the quote
//    characters are removed. Inside one kind of quote the other is an ordinary character.
//    Quotes may start or end inside a word: abcd" efg "h is the one word "abcd efg h".
//    An empty pair ('' or "") on its own is an empty argument.
//  - A backslash escapes everywhere, inside both kinds of quotes too: \a \b \E (ESC) \f \n
//    \r \t \v, \nnn (up to three octal digits), \xXX... (any run of hex digits), \cC (the
//    control character of C), and \C for any other C is C itself, so \\ is a backslash,
//    \" a quote that neither starts nor ends a quoted string, and "\ " a space in a word.
//  - Errors: an unterminated quote, a backslash that ends the line, a line with no word.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::common {

// nullopt with *error ("has an unterminated ' quote", "ends with a lone backslash",
// "names no program"), for the caller to prefix with what it split.
std::optional<std::vector<std::string>> split_command_line(std::string_view line,
                                                           std::string* error);

// A script line as argv, ready to exec without a shell: when the whole line names an
// executable file it is that file alone (a path with spaces); otherwise it is split as above
// and a bare program name is searched in PATH now, so that a typo is a configuration error,
// not a silent failure at every run. Throws std::invalid_argument with the reason.
std::vector<std::string> resolve_command_line(std::string_view line);

inline constexpr const char* kShell = "/bin/sh";

// For configurations that explicitly ask for a shell: {"/bin/sh", "-c", line}.
std::vector<std::string> shell_command(std::string_view line);

// The script a shell line runs: its first word when that is a path ("/etc/x.sh up" gives
// "/etc/x.sh"), else the shell itself. Script security examines this file for a shell line.
std::string shell_line_program(std::string_view line);

}  // namespace routerd::common
