// IPv6 framing: the payload is the VRRP message; addresses and hop limit come from cmsgs.
#include <stdexcept>

#include "advert_check.hpp"
#include "codec.hpp"
#include "message.hpp"

namespace routerd::vrrp {

std::optional<Peek> peek_ipv6(std::span<const std::uint8_t> payload) {
    return detail::peek_message(payload);
}

DecodeResult decode_ipv6(std::span<const std::uint8_t> payload, const Ipv6Envelope& envelope,
                         const InstanceParams& expected) {
    const detail::Received rx{payload, Family::ipv6, envelope.hop_limit, envelope.source,
                              envelope.destination};
    if (auto reason = detail::check_header(rx, expected)) {
        return *reason;
    }
    if (expected.version == Version::v2) {
        if (auto reason = detail::check_v2_auth(rx, expected)) {
            return *reason;
        }
    }
    return detail::check_body(rx, expected);
}

std::vector<std::uint8_t> encode_ipv6(const InstanceParams& params, std::uint8_t priority,
                                      const Ipv6Envelope& envelope) {
    if (auto error = check_params(params, Family::ipv6)) {
        throw std::invalid_argument(*error);
    }
    if (envelope.source.family() != Family::ipv6 || envelope.destination.family() != Family::ipv6) {
        throw std::invalid_argument("IPv6 envelope needs IPv6 addresses");
    }
    std::vector<std::uint8_t> d(
        message_length(params.version, Family::ipv6, params.addresses.size()));
    write_message(d, params, priority, envelope.source, envelope.destination);
    return d;
}

}  // namespace routerd::vrrp
