// libFuzzer target for the url regex matcher (BodyRegex): differential against libstdc++'s
// default (depth-first) executor, tried at every start position on small bodies, where it
// is safe. Checks that the single polynomial pass finds a match exactly when one exists, and
// reports the leftmost start at or after the offset.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include "body_regex.hpp"

namespace {

using routerd::checks::http::BodyRegex;

constexpr std::array<const char*, 12> kPatterns = {
    "ok",    "^status: (ok|up)$", "a+b", "(a|b)*x", "[^x]*x",    "\\bword\\b",
    "h.*y$", "[\\s\\S]*?end",     "",    "x?",      "\\d{2,4}-", "(?:ab|a)c",
};
constexpr size_t kMaxBody = 512;

void check(bool condition) {
    if (!condition) std::abort();
}

// The leftmost start at or after `from`, one depth-first attempt per position.
std::optional<size_t> reference(const std::regex& regex, std::string_view body, size_t from) {
    for (size_t at = from; at <= body.size(); ++at) {
        auto flags = std::regex_constants::match_continuous;
        if (at > 0) flags |= std::regex_constants::match_prev_avail;
        if (std::regex_search(body.begin() + static_cast<ptrdiff_t>(at), body.end(), regex,
                              flags)) {
            return at;
        }
    }
    return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 3) return 0;
    const std::string pattern = kPatterns[data[0] % kPatterns.size()];
    const BodyRegex::Options options{(data[1] & 1) != 0, (data[1] & 2) != 0};
    const size_t from = data[2];
    const std::string_view body(reinterpret_cast<const char*>(data + 3),
                                std::min(size - 3, kMaxBody));
    std::string error;
    const std::optional<BodyRegex> regex = BodyRegex::compile(pattern, options, &error);
    check(regex.has_value());
    std::regex::flag_type flags = std::regex::ECMAScript;
    if (options.caseless) flags |= std::regex::icase;
    if (options.multiline) flags |= std::regex::multiline;
    const std::optional<size_t> found = regex->find(body, from);
    check(found == reference(std::regex(pattern, flags), body, from));
    return 0;
}
