#include "body_regex.hpp"

namespace routerd::checks::http {
namespace {

// ECMAScript, and libstdc++'s documented extension __polynomial: the breadth-first executor,
// whose time is linear in the subject and whose stack does not grow with it. The default
// depth-first executor recurses once per character (a 16 KiB body against "(a|b)*x" overflows
// an 8 MiB stack) and backtracks exponentially; a health check must not crash or stall the
// checker's loop on what a server sends.
constexpr std::regex::flag_type kBaseFlags =
    std::regex::ECMAScript | std::regex::optimize | std::regex_constants::__polynomial;

}  // namespace

std::optional<BodyRegex> BodyRegex::compile(const std::string& pattern, Options options,
                                            std::string* error) {
    std::regex::flag_type flags = kBaseFlags;
    if (options.caseless) flags |= std::regex::icase;
    if (options.multiline) flags |= std::regex::multiline;
    try {
        // The pattern alone first: wrapped, an unbalanced "a)(b" would compile.
        const std::regex alone(pattern, flags);
        // regex_search would run the executor once per start position (quadratic); one
        // anchored run with a lazy prefix tries every start in a single linear pass, and
        // the lazy prefix makes the capture the leftmost match.
        return BodyRegex(pattern,
                         std::make_shared<const std::regex>("[\\s\\S]*?(" + pattern + ")", flags));
    } catch (const std::regex_error& e) {
        *error = e.code() == std::regex_constants::error_complexity
                     ? "'" + pattern + "' uses back-references, which routerd does not match"
                     : "'" + pattern + "' is not a regular expression: " + e.what();
        return std::nullopt;
    }
}

std::optional<size_t> BodyRegex::find(std::string_view body, size_t from) const {
    if (from > body.size()) return std::nullopt;
    auto flags = std::regex_constants::match_continuous;
    if (from > 0) flags |= std::regex_constants::match_prev_avail;
    std::match_results<std::string_view::const_iterator> match;
    if (!std::regex_search(body.begin() + static_cast<ptrdiff_t>(from), body.end(), match, *search_,
                           flags)) {
        return std::nullopt;
    }
    return from + static_cast<size_t>(match.position(1));
}

std::optional<std::string> RegexCheck::failure(std::string_view body) const {
    const std::optional<size_t> at = regex.find(body, min_offset);
    const bool matched = at && (!max_offset || *at <= *max_offset);
    if (matched && no_match) {
        return "body matches regex '" + regex.pattern() + "' at offset " + std::to_string(*at) +
               " (regex_no_match)";
    }
    if (!matched && !no_match) {
        std::string why = "body does not match regex '" + regex.pattern() + "'";
        if (at) why += " at or before offset " + std::to_string(*max_offset);
        return why;
    }
    return std::nullopt;
}

}  // namespace routerd::checks::http
