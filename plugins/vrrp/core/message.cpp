#include "message.hpp"

#include <algorithm>
#include <array>

#include "bytes.hpp"
#include "checksum.hpp"

namespace routerd::vrrp {

bool has_auth_data(Version version, Family family) {
    return version == Version::v2 && family == Family::ipv4;
}

std::size_t message_length(Version version, Family family, std::size_t address_count) {
    const std::size_t address_size = family == Family::ipv4 ? 4 : 16;
    return kFixedHeaderLength + address_count * address_size +
           (has_auth_data(version, family) ? kAuthDataLength : 0);
}

namespace {

std::uint32_t pseudo_header_sum(const IpAddress& source, const IpAddress& destination,
                                std::size_t length) {
    std::uint32_t sum = checksum_add(0, source.bytes());
    sum = checksum_add(sum, destination.bytes());
    if (source.family() == Family::ipv4) {
        // RFC 768-style: zero, protocol, 16-bit length.
        const std::array<std::uint8_t, 4> tail = {0, kIpProtoVrrp,
                                                  static_cast<std::uint8_t>(length >> 8),
                                                  static_cast<std::uint8_t>(length)};
        return checksum_add(sum, tail);
    }
    // RFC 8200 §8.1: 32-bit length, three zero bytes, next header.
    const std::array<std::uint8_t, 8> tail = {0,
                                              0,
                                              static_cast<std::uint8_t>(length >> 8),
                                              static_cast<std::uint8_t>(length),
                                              0,
                                              0,
                                              0,
                                              kIpProtoVrrp};
    return checksum_add(sum, tail);
}

}  // namespace

const IpAddress& checksum_destination(const InstanceParams& params, const IpAddress& destination,
                                      bool old_unicast_checksum) {
    static const IpAddress kGroup4 = vrrp_multicast_group(Family::ipv4);
    if (!old_unicast_checksum || destination.family() != Family::ipv4 || !params.unicast())
        return destination;
    return params.multicast_group ? *params.multicast_group : kGroup4;
}

std::uint16_t message_checksum(Version version, std::span<const std::uint8_t> message,
                               const IpAddress& source, const IpAddress& destination) {
    const bool pseudo = version == Version::v3 || source.family() == Family::ipv6;
    const std::uint32_t sum = pseudo ? pseudo_header_sum(source, destination, message.size()) : 0;
    return checksum_finish(checksum_add(sum, message));
}

void write_message(std::span<std::uint8_t> out, const InstanceParams& params, std::uint8_t priority,
                   const IpAddress& source, const IpAddress& destination) {
    std::fill(out.begin(), out.end(), 0);
    out[0] = static_cast<std::uint8_t>(static_cast<std::uint8_t>(params.version) << 4 |
                                       kTypeAdvertisement);
    out[1] = params.vrid;
    out[2] = priority;
    out[3] = static_cast<std::uint8_t>(params.addresses.size());
    if (params.version == Version::v2) {
        out[4] = static_cast<std::uint8_t>(params.auth_type);
        out[5] = static_cast<std::uint8_t>(
            std::chrono::duration_cast<std::chrono::seconds>(params.advert_interval).count());
    } else {
        // RFC 5798 §5.2.7: 4 reserved bits, then 12 bits of centiseconds.
        put16(out, 4, static_cast<std::uint16_t>(params.advert_interval.count() & 0x0fff));
    }
    std::size_t at = kFixedHeaderLength;
    for (const IpAddress& address : params.addresses) {
        std::copy(address.bytes().begin(), address.bytes().end(), out.begin() + at);
        at += address.size();
    }
    if (has_auth_data(params.version, source.family()) && params.auth_type == AuthType::pass) {
        std::copy(params.auth_key.begin(), params.auth_key.end(), out.begin() + at);
    }
    put16(out, 6, message_checksum(params.version, out, source, destination));
}

}  // namespace routerd::vrrp
