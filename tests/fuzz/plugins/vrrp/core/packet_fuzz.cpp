// Feeds arbitrary bytes to every decoder configuration: it must never crash, read out of
// bounds or accept a packet whose re-encoding differs from the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <variant>

#include "codec.hpp"

namespace {

using namespace routerd::vrrp;

InstanceParams params(Version version, AuthType auth, Family family, std::uint8_t vrid) {
    InstanceParams p;
    p.version = version;
    p.vrid = vrid;
    p.auth_type = auth;
    p.auth_key = make_auth_key("secret");
    p.advert_interval = version == Version::v2 ? Centiseconds(100) : Centiseconds(100);
    if (family == Family::ipv4) {
        p.addresses = {IpAddress::v4({192, 0, 2, 1})};
    } else {
        p.addresses = {*IpAddress::parse("2001:db8::1")};
    }
    return p;
}

// An accepted IPv4 datagram is rebuilt byte for byte by the encoder.
void check_ipv4_roundtrip(std::span<const std::uint8_t> data, const InstanceParams& p,
                          const Advert& advert) {
    if ((data[0] & 0x0f) != 5 || data[1] != kIpv4Tos || data[6] != 0 || data[7] != 0) {
        return;  // options or header bits the encoder never produces
    }
    Ipv4Envelope env{advert.source, advert.destination,
                     static_cast<std::uint16_t>(data[4] << 8 | data[5]),
                     advert.ah_sequence.value_or(0)};
    InstanceParams same = p;
    same.addresses = advert.addresses;
    const auto again = encode_ipv4(same, advert.priority, env);
    if (again.size() != data.size()) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    (void)peek_ipv4(bytes);
    (void)peek_ipv6(bytes);
    const std::uint8_t vrid = size > 1 ? data[1] : 1;
    for (Version v : {Version::v2, Version::v3}) {
        for (AuthType a : {AuthType::none, AuthType::pass, AuthType::ah}) {
            if (v == Version::v3 && a != AuthType::none) {
                continue;
            }
            auto p4 = params(v, a, Family::ipv4, vrid == 0 ? 1 : vrid);
            for (bool unicast : {false, true}) {
                if (unicast)
                    p4.unicast_peers = {UnicastPeer{IpAddress::v4({192, 0, 2, 2}), 0, 255}};
                const DecodeResult r = decode_ipv4(bytes, p4);
                if (const auto* advert = std::get_if<Advert>(&r)) {
                    check_ipv4_roundtrip(bytes, p4, *advert);
                }
            }
        }
        const auto p6 = params(v, AuthType::none, Family::ipv6, vrid == 0 ? 1 : vrid);
        const Ipv6Envelope env{*IpAddress::parse("fe80::1"), vrrp_multicast_group(Family::ipv6),
                               255};
        (void)decode_ipv6(bytes, env, p6);
    }
    return 0;
}
