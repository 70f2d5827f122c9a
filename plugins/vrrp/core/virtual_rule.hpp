// A policy-routing rule that routerd installs (keepalived.conf(5) static_rules and
// virtual_rules: the options of `ip rule add`), its one-line text (how the store records it for
// crash clean-up) and the rtnetlink request that adds or deletes it. Pure: bytes out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "types.hpp"

namespace routerd::vrrp {

struct RulePrefix {
    IpAddress address;
    std::uint8_t length = 32;
    bool operator==(const RulePrefix&) const = default;
};

// Inclusive bounds: ports (sport, dport) and user ids (uidrange).
struct RuleRange {
    std::uint32_t start = 0;
    std::uint32_t end = 0;
    bool operator==(const RuleRange&) const = default;
};

inline constexpr std::uint32_t kTableMain = 254;  // RT_TABLE_MAIN, `ip rule`'s default

struct VirtualRule {
    Family family = Family::ipv4;  // keepalived.conf(5): IPv4 unless an address or inet6 says
    std::optional<RulePrefix> from;
    std::optional<RulePrefix> to;
    std::optional<std::uint32_t> priority;  // unset: the kernel picks one
    std::optional<std::uint32_t> table;     // unset only with goto or l3mdev
    std::optional<std::uint32_t> fwmark;
    std::optional<std::uint32_t> fwmask;
    std::optional<std::uint32_t> realms;  // FROM << 16 | TO
    std::uint8_t tos = 0;
    std::string iif;
    std::string oif;
    std::optional<RuleRange> sport;
    std::optional<RuleRange> dport;
    std::optional<std::uint8_t> ipproto;
    std::optional<RuleRange> uidrange;
    bool l3mdev = false;
    std::optional<std::uint32_t> suppress_prefixlength;
    std::optional<std::uint32_t> suppress_ifgroup;
    std::optional<std::uint32_t> goto_priority;
    // Keepalived marks the rules it watches with protocol 18 ("proto keepalived" in `ip rule`)
    // and leaves no_track ones unmarked; routerd marks them the same way.
    bool no_track = false;

    // "[inet6] [from P] [to P] [priority N] [table N] ... [no_track]": every option, so that
    // parse() gives the same rule back.
    std::string text() const;
    static std::optional<VirtualRule> parse(const std::string& text);
    bool operator==(const VirtualRule&) const = default;
};

// The whole RTM_NEWRULE (`add`) or RTM_DELRULE netlink message for `rule` (linux/fib_rules.h),
// asking for an acknowledgement; sequence number and port are left 0 for the sender. An add is
// exclusive: the kernel answers EEXIST for a rule that is there already instead of adding a
// second one.
std::vector<std::uint8_t> rule_request(const VirtualRule& rule, bool add);

}  // namespace routerd::vrrp
