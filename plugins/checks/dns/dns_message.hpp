#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::checks::dns {

// DNS messages (RFC 1035 §4) for DNS_CHECK, built and parsed with glibc's libresolv
// (res_mkquery, ns_initparse, ns_parserr): Debian ships it with libc, it is the resolver
// every program here already trusts, and it parses names with compression pointers safely.
// What is ours is only the decision, kept pure for tests and fuzzing.

// keepalived.conf(5), DNS_CHECK `type`: A|NS|CNAME|SOA|MX|TXT|AAAA (case-insensitive).
std::optional<uint16_t> query_type(std::string_view name);

// A standard query (RD set) for `name` (e.g. "." or "example.com") and `type`, with `id`;
// nullopt with *error when the name is not a valid domain name.
std::optional<std::vector<uint8_t>> build_query(const std::string& name, uint16_t type, uint16_t id,
                                                std::string* error);

struct ReplyVerdict {
    enum class Kind { kPass, kFail, kNotOurs } kind;
    std::string reason;  // why it fails, or whose it is
};

// Judges a datagram. As Keepalived's check_dns: the reply must be a response to our query
// (same id, QR set, the same question) with RCODE NOERROR and at least one answer record.
// Another id is kNotOurs (a late reply to an earlier query: keep waiting).
ReplyVerdict judge_reply(std::span<const uint8_t> reply, uint16_t id, std::string_view name,
                         uint16_t type);

}  // namespace routerd::checks::dns
