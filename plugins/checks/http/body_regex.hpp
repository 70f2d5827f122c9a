#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace routerd::checks::http {

// A url's `regex` (keepalived.conf(5), HTTP_GET url): a pattern searched for in the response
// body. Keepalived compiles it with PCRE2; routerd has std::regex (ECMAScript grammar), run
// in libstdc++'s polynomial mode so that a hostile body cannot blow the stack or the time
// (see compile()).
class BodyRegex {
  public:
    // keepalived's regex_options that have an ECMAScript equivalent.
    struct Options {
        bool caseless = false;
        bool multiline = false;  // ^ and $ also match at line breaks
    };

    // nullopt with the reason in *error for a pattern that does not compile (or uses
    // back-references, which polynomial matching cannot do).
    static std::optional<BodyRegex> compile(const std::string& pattern, Options options,
                                            std::string* error);

    // Where the leftmost match starts in `body`, searching from `from` (a match never starts
    // before it; ^ and \b still see the byte before it), or nullopt.
    std::optional<size_t> find(std::string_view body, size_t from = 0) const;

    const std::string& pattern() const { return pattern_; }

  private:
    BodyRegex(std::string pattern, std::shared_ptr<const std::regex> search)
        : pattern_(std::move(pattern)), search_(std::move(search)) {}

    std::string pattern_;
    std::shared_ptr<const std::regex> search_;  // "[\s\S]*?(pattern)", anchored at `from`
};

// Whether a body passes a url's regex settings: the match must start between `min_offset`
// and `max_offset` (keepalived's regex_min_offset / regex_max_offset, both inclusive);
// `no_match` (keepalived's regex_no_match) inverts the verdict.
struct RegexCheck {
    explicit RegexCheck(BodyRegex regex) : regex(std::move(regex)) {}

    BodyRegex regex;
    bool no_match = false;
    size_t min_offset = 0;
    std::optional<size_t> max_offset;

    // Why the body fails, or nullopt when it passes.
    std::optional<std::string> failure(std::string_view body) const;
};

}  // namespace routerd::checks::http
