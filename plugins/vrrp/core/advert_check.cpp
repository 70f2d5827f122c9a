#include "advert_check.hpp"

#include <openssl/crypto.h>

#include <algorithm>

#include "address_list.hpp"
#include "bytes.hpp"
#include "message.hpp"

namespace routerd::vrrp::detail {

namespace {

Version version_of(std::span<const std::uint8_t> message) {
    return static_cast<Version>(message[0] >> 4);
}

std::size_t address_size(Family family) {
    return family == Family::ipv4 ? 4 : 16;
}

IpAddress address_at(std::span<const std::uint8_t> message, Family family, std::size_t index) {
    const auto* p = message.data() + kFixedHeaderLength + index * address_size(family);
    if (family == Family::ipv4) {
        return IpAddress::v4({p[0], p[1], p[2], p[3]});
    }
    std::array<std::uint8_t, 16> bytes{};
    std::copy_n(p, bytes.size(), bytes.begin());
    return IpAddress::v6(bytes);
}

Centiseconds interval_of(std::span<const std::uint8_t> message) {
    if (version_of(message) == Version::v2) {
        return std::chrono::seconds(message[5]);
    }
    return Centiseconds(get16(message, 4) & 0x0fff);  // RFC 5798 §5.2.7: ignore Rsvd
}

// Where the advert came from and went to, and its TTL / hop limit. Multicast mode: sent to the
// VRRP group with TTL 255 (RFC 5798 §7.1); Keepalived's multicast socket never sees anything
// else, and an advert sent to our own address is someone's trick or mistake. Unicast mode:
// sent to a unicast address from one of the unicast_peers (Keepalived's check_unicast_src,
// on by default here), with a TTL in that peer's range.
std::optional<DropReason> check_envelope(const Received& rx, const InstanceParams& expected) {
    if (!expected.unicast()) {
        if (rx.destination != expected.group(rx.family)) {
            return DropReason::wrong_destination;
        }
        if (rx.ttl_or_hop_limit != kRequiredTtl) {
            return DropReason::ttl_or_hop_limit;
        }
        return std::nullopt;
    }
    if (rx.destination.is_multicast()) {
        return DropReason::wrong_destination;
    }
    const auto& peers = expected.unicast_peers;
    const auto peer = std::find_if(peers.begin(), peers.end(),
                                   [&](const UnicastPeer& p) { return p.address == rx.source; });
    if (peer == peers.end()) {
        if (expected.check_unicast_source) {
            return DropReason::not_unicast_peer;
        }
        if (rx.ttl_or_hop_limit != expected.unicast_ttl) {
            return DropReason::ttl_or_hop_limit;
        }
        return std::nullopt;
    }
    if (rx.ttl_or_hop_limit < peer->min_ttl || rx.ttl_or_hop_limit > peer->max_ttl) {
        return DropReason::ttl_or_hop_limit;
    }
    return std::nullopt;
}

bool checksum_is(const Received& rx, const InstanceParams& expected, bool old) {
    const IpAddress& destination = checksum_destination(expected, rx.destination, old);
    return message_checksum(expected.version, rx.message, rx.source, destination) == 0;
}

// Whether the unicast VRRPv3 advert over IPv4 has the old checksum (OldUnicastChecksum).
bool old_checksum_possible(const Received& rx, const InstanceParams& expected) {
    return expected.version == Version::v3 && rx.family == Family::ipv4 && expected.unicast();
}

// The checksum (RFC 5798 §5.2.8, RFC 3768 §5.3.8), or the old unicast one where
// old_unicast_checksum allows it.
bool checksum_matches(const Received& rx, const InstanceParams& expected) {
    const bool possible = old_checksum_possible(rx, expected);
    switch (possible ? expected.old_unicast_checksum : OldUnicastChecksum::never) {
        case OldUnicastChecksum::always:
            return checksum_is(rx, expected, true);
        case OldUnicastChecksum::detect:
            return checksum_is(rx, expected, false) || checksum_is(rx, expected, true);
        case OldUnicastChecksum::never:
            break;
    }
    return checksum_is(rx, expected, false);
}

}  // namespace

std::optional<Peek> peek_message(std::span<const std::uint8_t> message) {
    if (message.size() < 2) {
        return std::nullopt;
    }
    const auto v = message[0] >> 4;
    if (v != 2 && v != 3) {
        return std::nullopt;
    }
    return Peek{static_cast<Version>(v), message[1]};
}

std::optional<DropReason> check_header(const Received& rx, const InstanceParams& expected) {
    if (auto reason = check_envelope(rx, expected)) {
        return *reason;
    }
    if (rx.message.size() < kFixedHeaderLength) {
        return DropReason::bad_length;
    }
    if (version_of(rx.message) != expected.version) {
        return DropReason::bad_version;
    }
    if ((rx.message[0] & 0x0f) != kTypeAdvertisement) {
        return DropReason::bad_type;
    }
    if (rx.message.size() != message_length(expected.version, rx.family, rx.message[3])) {
        return DropReason::bad_length;
    }
    if (!checksum_matches(rx, expected)) {
        return DropReason::bad_checksum;
    }
    if (rx.message[1] != expected.vrid) {
        return DropReason::vrid_mismatch;
    }
    return std::nullopt;
}

std::optional<DropReason> check_v2_auth(const Received& rx, const InstanceParams& expected) {
    if (rx.message[4] != static_cast<std::uint8_t>(expected.auth_type)) {
        return DropReason::auth_type_mismatch;
    }
    if (expected.auth_type == AuthType::pass) {
        const auto field = rx.message.last(kAuthDataLength);
        if (CRYPTO_memcmp(field.data(), expected.auth_key.data(), kAuthDataLength) != 0) {
            return DropReason::auth_failure;
        }
    }
    return std::nullopt;
}

DecodeResult check_body(const Received& rx, const InstanceParams& expected) {
    Advert advert;
    advert.version = expected.version;
    advert.vrid = rx.message[1];
    advert.priority = rx.message[2];
    advert.advert_interval = interval_of(rx.message);
    advert.auth_type =
        expected.version == Version::v2 ? static_cast<AuthType>(rx.message[4]) : AuthType::none;
    advert.source = rx.source;
    advert.destination = rx.destination;
    advert.ttl_or_hop_limit = rx.ttl_or_hop_limit;
    // check_header() accepted one of the two checksums: was it the old one?
    advert.old_unicast_checksum =
        old_checksum_possible(rx, expected) && !checksum_is(rx, expected, false);
    for (std::size_t i = 0; i < rx.message[3]; ++i) {
        advert.addresses.push_back(address_at(rx.message, rx.family, i));
    }

    // A master that advertises every 0 cs would make every backup's down timer the skew time
    // alone: the interval is 1..255 s (RFC 3768 §5.3.7) or 1..4095 cs (RFC 5798 §5.2.7).
    if (advert.advert_interval == Centiseconds::zero()) {
        return DropReason::zero_advert_interval;
    }
    // Whether a differing address list is dropped depends on the sender and on our state:
    // address_list.hpp decides.
    advert.address_list_differs = !same_addresses(advert.addresses, expected.addresses);
    // RFC 3768 §7.1: VRRPv2 MUST drop an advertisement whose interval differs from ours.
    if (expected.version == Version::v2 && advert.advert_interval != expected.advert_interval) {
        return DropReason::advert_interval_mismatch;
    }
    return advert;
}

}  // namespace routerd::vrrp::detail
