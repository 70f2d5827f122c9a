// Decoded advertisements and the per-instance parameters the codec encodes and checks against.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "drop_reason.hpp"
#include "types.hpp"

namespace routerd::vrrp {

// What an instance sends and expects to receive.
struct InstanceParams {
    Version version = Version::v3;
    std::uint8_t vrid = 1;
    AuthType auth_type = AuthType::none;  // VRRPv2 over IPv4 only
    AuthKey auth_key{};                   // see make_auth_key()
    Centiseconds advert_interval{100};    // v2: whole seconds 1..255; v3: 1..4095 cs
    std::vector<IpAddress> addresses;     // the virtual addresses, in configured order
    bool unicast = false;                 // unicast peers: no TTL check, TTL outside the AH ICV
    bool operator==(const InstanceParams&) const = default;
};

struct Advert {
    Version version = Version::v3;
    std::uint8_t vrid = 0;
    std::uint8_t priority = 0;
    Centiseconds advert_interval{0};
    AuthType auth_type = AuthType::none;
    std::vector<IpAddress> addresses;
    IpAddress source;
    IpAddress destination;
    std::uint8_t ttl_or_hop_limit = 0;
    std::optional<std::uint32_t> ah_sequence;  // present when carried in AH
};

using DecodeResult = std::variant<Advert, DropReason>;

// Version and VRID of a datagram, to route it to its instance before full validation.
struct Peek {
    Version version;
    std::uint8_t vrid;
};

}  // namespace routerd::vrrp
