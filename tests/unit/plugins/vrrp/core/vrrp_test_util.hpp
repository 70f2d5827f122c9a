// Small builders shared by the VRRP core tests.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "codec.hpp"
#include "types.hpp"

namespace routerd::vrrp::test {

using Bytes = std::vector<std::uint8_t>;

inline IpAddress ip(std::string_view text) {
    return *IpAddress::parse(text);
}

inline InstanceParams v2_params(AuthType auth = AuthType::none) {
    InstanceParams p;
    p.version = Version::v2;
    p.vrid = 51;
    p.auth_type = auth;
    p.auth_key = make_auth_key("secret");
    p.advert_interval = std::chrono::seconds(1);
    p.addresses = {ip("192.168.1.100")};
    return p;
}

inline InstanceParams v3_params(Family family) {
    InstanceParams p;
    p.version = Version::v3;
    p.vrid = family == Family::ipv4 ? 51 : 7;
    p.advert_interval = Centiseconds(family == Family::ipv4 ? 100 : 10);
    p.addresses = family == Family::ipv4
                      ? std::vector<IpAddress>{ip("192.168.1.100")}
                      : std::vector<IpAddress>{ip("2001:db8::1"), ip("2001:db8::2")};
    return p;
}

inline Ipv4Envelope envelope4(std::uint32_t ah_sequence = 0) {
    return Ipv4Envelope{ip("192.168.1.10"), ip("224.0.0.18"), 0x1234, ah_sequence};
}

inline Ipv6Envelope envelope6() {
    return Ipv6Envelope{ip("fe80::1"), ip("ff02::12"), 255};
}

}  // namespace routerd::vrrp::test
