#include "capabilities.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace routerd::smtp {
namespace {

std::string upper(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::toupper(c); });
    return out;
}

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while ((start = text.find_first_not_of(' ', start)) != std::string_view::npos) {
        const std::size_t end = std::min(text.find(' ', start), text.size());
        out.emplace_back(text.substr(start, end - start));
        start = end;
    }
    return out;
}

}  // namespace

Capabilities Capabilities::from_ehlo_reply(const Reply& reply) {
    Capabilities caps;
    for (std::size_t i = 1; i < reply.lines.size(); ++i) {
        std::vector<std::string> params = words(reply.lines[i]);
        if (params.empty()) {
            continue;
        }
        std::string keyword = upper(params.front());
        params.erase(params.begin());
        // Pre-RFC 4954 servers announce "AUTH=PLAIN LOGIN"; read it like "AUTH".
        if (keyword.starts_with("AUTH=")) {
            params.insert(params.begin(), keyword.substr(5));
            keyword = "AUTH";
        }
        auto& known = caps.keywords_[keyword];
        known.insert(known.end(), params.begin(), params.end());
    }
    return caps;
}

bool Capabilities::has(std::string_view keyword) const {
    return keywords_.contains(upper(keyword));
}

const std::vector<std::string>& Capabilities::params(std::string_view keyword) const {
    static const std::vector<std::string> kNone;
    const auto it = keywords_.find(upper(keyword));
    return it == keywords_.end() ? kNone : it->second;
}

bool Capabilities::supports_auth(std::string_view mechanism) const {
    return std::ranges::any_of(params("AUTH"),
                               [&](const std::string& m) { return upper(m) == upper(mechanism); });
}

std::optional<std::uint64_t> Capabilities::size_limit() const {
    const auto& p = params("SIZE");
    std::uint64_t limit = 0;
    if (p.empty()) {
        return std::nullopt;
    }
    const auto [end, ec] = std::from_chars(p[0].data(), p[0].data() + p[0].size(), limit);
    if (ec != std::errc{} || end != p[0].data() + p[0].size() || limit == 0) {
        return std::nullopt;
    }
    return limit;
}

}  // namespace routerd::smtp
