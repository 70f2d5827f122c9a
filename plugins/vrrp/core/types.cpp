#include "types.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <string>

namespace routerd::vrrp {

AuthKey make_auth_key(std::string_view auth_pass) {
    // Keepalived truncates auth_pass to 8 characters and zero-fills the rest; the
    // same 8 bytes are the PASS field and the HMAC key for AH.
    AuthKey key{};
    std::copy_n(auth_pass.begin(), std::min(auth_pass.size(), key.size()), key.begin());
    return key;
}

IpAddress IpAddress::v4(std::array<std::uint8_t, 4> bytes) {
    IpAddress a;
    a.family_ = Family::ipv4;
    std::copy(bytes.begin(), bytes.end(), a.bytes_.begin());
    return a;
}

IpAddress IpAddress::v6(std::array<std::uint8_t, 16> bytes) {
    IpAddress a;
    a.family_ = Family::ipv6;
    a.bytes_ = bytes;
    return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    const std::string s(text);
    std::array<std::uint8_t, 16> buf{};
    if (inet_pton(AF_INET, s.c_str(), buf.data()) == 1) {
        return v4({buf[0], buf[1], buf[2], buf[3]});
    }
    if (inet_pton(AF_INET6, s.c_str(), buf.data()) == 1) {
        return v6(buf);
    }
    return std::nullopt;
}

std::string IpAddress::to_string() const {
    char out[INET6_ADDRSTRLEN] = {};
    inet_ntop(family_ == Family::ipv4 ? AF_INET : AF_INET6, bytes_.data(), out, sizeof out);
    return out;
}

bool IpAddress::is_multicast() const {
    return family_ == Family::ipv4 ? (bytes_[0] & 0xf0) == 0xe0 : bytes_[0] == 0xff;
}

bool IpAddress::is_link_local() const {
    return family_ == Family::ipv6 && bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80;
}

IpAddress vrrp_multicast_group(Family family) {
    if (family == Family::ipv4) {
        return IpAddress::v4({224, 0, 0, 18});
    }
    return IpAddress::v6({0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});
}

}  // namespace routerd::vrrp
