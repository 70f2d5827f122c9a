// Addresses as the configuration writes them: "172.16.0.100:80", "[2001:db8::1]:80".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace routerd::ipvs {

struct Endpoint {
    std::string address;  // canonical text form (inet_ntop), no brackets
    uint16_t port = 0;
    bool v6 = false;
    bool operator==(const Endpoint&) const = default;
};

// An Endpoint, or the reason the text is not one. The port must be 1..65535.
std::variant<Endpoint, std::string> parse_endpoint(std::string_view text);

// Whether `text` is a dotted IPv4 netmask (contiguous ones): "255.255.255.0".
bool is_ipv4_netmask(std::string_view text);

}  // namespace routerd::ipvs
