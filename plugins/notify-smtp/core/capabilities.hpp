// The service extensions a server announces in its EHLO reply (RFC 5321 §4.1.1.1).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "routerd/common/smtp_reply.hpp"

namespace routerd::smtp {

class Capabilities {
  public:
    Capabilities() = default;
    // Every line after the first of a 250 EHLO reply is "keyword *(SP param)";
    // keywords are case-insensitive.
    static Capabilities from_ehlo_reply(const Reply& reply);

    bool has(std::string_view keyword) const;
    // Parameters of a keyword, as sent ("AUTH PLAIN LOGIN" -> {"PLAIN", "LOGIN"}).
    const std::vector<std::string>& params(std::string_view keyword) const;

    bool starttls() const { return has("STARTTLS"); }        // RFC 3207
    bool eight_bit_mime() const { return has("8BITMIME"); }  // RFC 6152
    bool supports_auth(std::string_view mechanism) const;    // RFC 4954 §3
    // RFC 1870: "SIZE" alone or "SIZE 0" announces no fixed limit.
    std::optional<std::uint64_t> size_limit() const;

  private:
    std::map<std::string, std::vector<std::string>, std::less<>> keywords_;  // upper case
};

}  // namespace routerd::smtp
