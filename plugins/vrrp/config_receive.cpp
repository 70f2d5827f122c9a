#include "config_receive.hpp"

#include "config_addresses.hpp"

namespace routerd::vrrp {
namespace {

using sdk::Config;

// keepalived.conf(5): "If min_ttl and/or max_ttl are specified, the TTL/hop limit of any
// received packet is checked against the specified TTL range". Without them a peer's adverts
// must arrive with unicast_ttl, as sent by a peer on the same link configured like us.
std::optional<UnicastPeer> parse_peer(const Config& item, std::uint8_t unicast_ttl) {
    const bool table = item.type() == ROUTERD_CONFIG_TABLE;
    const Config address = table ? item["address"] : item;
    if (table && !address.present()) {
        address.error("is required");
        return std::nullopt;
    }
    const std::optional<IpAddress> ip = parse_address(address);
    if (!ip) return std::nullopt;
    UnicastPeer peer{*ip, unicast_ttl, unicast_ttl};
    if (!table) return peer;
    const Config min = item["min_ttl"];
    const Config max = item["max_ttl"];
    if (!min.present() && !max.present()) return peer;
    const auto low = min.present() ? min.integer(0, 255) : std::optional<std::int64_t>(0);
    const auto high = max.present() ? max.integer(0, 255) : std::optional<std::int64_t>(255);
    if (!low || !high) return std::nullopt;
    if (*low > *high) {
        min.error("is above max_ttl");
        return std::nullopt;
    }
    peer.min_ttl = static_cast<std::uint8_t>(*low);
    peer.max_ttl = static_cast<std::uint8_t>(*high);
    return peer;
}

}  // namespace

ReceiveDefaults parse_receive_defaults(const Config& vrrp) {
    ReceiveDefaults d;
    d.check_unicast_src = vrrp["check_unicast_src"].boolean().value_or(d.check_unicast_src);
    d.skip_check_adv_addr = vrrp["skip_check_adv_addr"].boolean().value_or(d.skip_check_adv_addr);
    return d;
}

bool parse_receive(const Config& instance, const ReceiveDefaults& defaults,
                   InstanceParams& params) {
    bool ok = true;
    params.check_unicast_source =
        instance["check_unicast_src"].boolean().value_or(defaults.check_unicast_src);
    params.skip_check_adv_addr =
        instance["skip_check_adv_addr"].boolean().value_or(defaults.skip_check_adv_addr);
    const Config ttl = instance["unicast_ttl"];
    if (ttl.present()) {
        const auto value = ttl.integer(1, 255);
        ok = value.has_value();
        params.unicast_ttl = static_cast<std::uint8_t>(value.value_or(kRequiredTtl));
    }
    // The instance's family is its first address's (none: the instance reports that).
    const auto of_family = [&](Family f) {
        return !params.addresses.empty() && params.addresses.front().family() == f;
    };
    if (of_family(Family::ipv6) && params.unicast_ttl != kRequiredTtl) {
        // The IPv6 socket sends with hop limit 255; the encoder sets the TTL of IPv4 only.
        ttl.error(
            "is not supported for IPv6 instances yet: their adverts leave with hop limit 255");
        ok = false;
    }
    // old_unicast_checksum = true (Keepalived's bare keyword) | "never" | false (detect).
    const Config old_checksum = instance["old_unicast_checksum"];
    switch (old_checksum.type()) {
        case ROUTERD_CONFIG_NONE:
            break;
        case ROUTERD_CONFIG_STRING:
            ok = old_checksum.one_of({"never"}).has_value() && ok;
            params.old_unicast_checksum = OldUnicastChecksum::never;
            break;
        case ROUTERD_CONFIG_BOOLEAN:
            params.old_unicast_checksum = old_checksum.boolean().value_or(false)
                                              ? OldUnicastChecksum::always
                                              : OldUnicastChecksum::detect;
            break;
        default:
            old_checksum.error("is true, false or \"never\"");
            ok = false;
    }
    for (const Config& item : instance["unicast_peer"].items()) {
        std::optional<UnicastPeer> peer = parse_peer(item, params.unicast_ttl);
        if (peer && !params.addresses.empty() && !of_family(peer->address.family())) {
            item.error("is not of the instance's address family");
            peer.reset();
        }
        if (peer) {
            params.unicast_peers.push_back(*peer);
        } else {
            ok = false;
        }
    }
    return ok;
}

}  // namespace routerd::vrrp
