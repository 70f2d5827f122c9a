// IPv4 framing: IP header, Keepalived's AH header when auth_type is AH, VRRP message.
#include <openssl/crypto.h>

#include <algorithm>
#include <stdexcept>

#include "advert_check.hpp"
#include "ah.hpp"
#include "bytes.hpp"
#include "checksum.hpp"
#include "codec.hpp"
#include "message.hpp"

namespace routerd::vrrp {

namespace {

struct Frame {
    std::size_t header_length = 0;
    bool has_ah = false;
    std::size_t message_offset = 0;
};

// Locates the VRRP message, or says why the framing itself is unusable.
std::variant<Frame, DropReason> locate(std::span<const std::uint8_t> d) {
    if (d.size() < kIpv4HeaderLength || (d[0] >> 4) != 4) {
        return DropReason::bad_length;
    }
    Frame f;
    f.header_length = static_cast<std::size_t>(d[0] & 0x0f) * 4;
    if (f.header_length < kIpv4HeaderLength || d.size() < f.header_length) {
        return DropReason::bad_length;
    }
    const std::uint8_t protocol = d[9];
    f.has_ah = protocol == kIpProtoAh;
    if (protocol != kIpProtoVrrp && !f.has_ah) {
        return DropReason::bad_type;
    }
    f.message_offset = f.header_length;
    if (f.has_ah) {
        if (d.size() < f.header_length + kAhLength) {
            return DropReason::bad_length;
        }
        if (d[f.header_length] != kIpProtoVrrp) {
            return DropReason::bad_type;  // AH protecting something else
        }
        f.message_offset += kAhLength;
    }
    return f;
}

IpAddress ipv4_at(std::span<const std::uint8_t> d, std::size_t at) {
    return IpAddress::v4({d[at], d[at + 1], d[at + 2], d[at + 3]});
}

// RFC 2338 §5.3.6 as Keepalived implements it: ICV, then SPI = source, then anti-replay.
std::optional<DropReason> check_ah(std::span<const std::uint8_t> d, const Frame& f,
                                   const InstanceParams& expected, std::uint32_t highest) {
    const auto ah = d.subspan(f.header_length, kAhLength);
    const AhIcv icv = compute_ah_icv(d, f.header_length, expected.auth_key, expected.unicast());
    if (CRYPTO_memcmp(icv.data(), ah.data() + kAhIcvOffset, kAhIcvLength) != 0) {
        return DropReason::auth_failure;
    }
    if (!std::equal(ah.begin() + 4, ah.begin() + 8, d.begin() + 12)) {
        return DropReason::auth_failure;
    }
    if (get32(ah, 8) <= highest) {
        return DropReason::ah_replay;
    }
    return std::nullopt;
}

}  // namespace

std::optional<Peek> peek_ipv4(std::span<const std::uint8_t> datagram) {
    const auto located = locate(datagram);
    if (const auto* f = std::get_if<Frame>(&located)) {
        return detail::peek_message(datagram.subspan(f->message_offset));
    }
    return std::nullopt;
}

DecodeResult decode_ipv4(std::span<const std::uint8_t> d, const InstanceParams& expected,
                         std::uint32_t ah_highest_sequence) {
    const auto located = locate(d);
    if (const auto* reason = std::get_if<DropReason>(&located)) {
        return *reason;
    }
    const Frame f = std::get<Frame>(located);
    if (get16(d, 2) != d.size()) {
        return DropReason::bad_length;
    }
    const detail::Received rx{d.subspan(f.message_offset), Family::ipv4, d[8], ipv4_at(d, 12),
                              ipv4_at(d, 16)};
    if (auto reason = detail::check_header(rx, expected)) {
        return *reason;
    }
    if (f.has_ah != (expected.auth_type == AuthType::ah)) {
        return DropReason::auth_type_mismatch;
    }
    if (expected.version == Version::v2) {
        if (auto reason = detail::check_v2_auth(rx, expected)) {
            return *reason;
        }
    }
    if (f.has_ah) {
        if (auto reason = check_ah(d, f, expected, ah_highest_sequence)) {
            return *reason;
        }
    }
    DecodeResult result = detail::check_body(rx, expected);
    if (auto* advert = std::get_if<Advert>(&result); advert && f.has_ah) {
        advert->ah_sequence = get32(d, f.header_length + 8);
    }
    return result;
}

std::vector<std::uint8_t> encode_ipv4(const InstanceParams& params, std::uint8_t priority,
                                      const Ipv4Envelope& envelope) {
    if (auto error = check_params(params, Family::ipv4)) {
        throw std::invalid_argument(*error);
    }
    if (envelope.source.family() != Family::ipv4 || envelope.destination.family() != Family::ipv4) {
        throw std::invalid_argument("IPv4 envelope needs IPv4 addresses");
    }
    const bool ah = params.auth_type == AuthType::ah;
    const std::size_t message_offset = kIpv4HeaderLength + (ah ? kAhLength : 0);
    const std::size_t total =
        message_offset + message_length(params.version, Family::ipv4, params.addresses.size());
    std::vector<std::uint8_t> d(total, 0);
    std::span<std::uint8_t> out(d);

    out[0] = 0x45;  // version 4, 5 words
    out[1] = kIpv4Tos;
    put16(out, 2, static_cast<std::uint16_t>(total));
    put16(out, 4, envelope.id);
    out[8] = params.unicast() ? params.unicast_ttl : kRequiredTtl;
    out[9] = ah ? kIpProtoAh : kIpProtoVrrp;
    std::copy(envelope.source.bytes().begin(), envelope.source.bytes().end(), d.begin() + 12);
    std::copy(envelope.destination.bytes().begin(), envelope.destination.bytes().end(),
              d.begin() + 16);

    write_message(
        out.subspan(message_offset), params, priority, envelope.source,
        checksum_destination(params, envelope.destination, envelope.old_unicast_checksum));
    if (ah) {
        const auto spi = envelope.source.bytes().first<4>();
        write_ah_header(out.subspan(kIpv4HeaderLength), spi, envelope.ah_sequence);
        const AhIcv icv = compute_ah_icv(d, kIpv4HeaderLength, params.auth_key, params.unicast());
        std::copy(icv.begin(), icv.end(), d.begin() + kIpv4HeaderLength + kAhIcvOffset);
    }
    put16(out, 10, checksum_finish(checksum_add(0, out.first(kIpv4HeaderLength))));
    return d;
}

}  // namespace routerd::vrrp
