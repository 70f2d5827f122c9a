// Addresses as the configuration writes them: "172.16.0.100:80", "[2001:db8::1]:80", and for
// real and sorry servers also without a port: "172.16.0.100", "[2001:db8::1]".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace routerd::ipvs {

struct Endpoint {
    std::string address;  // canonical text form (inet_ntop), no brackets
    uint16_t port = 0;    // 0: none (the packet's own destination port)
    bool v6 = false;
    bool operator==(const Endpoint&) const = default;
};

// Whether an endpoint may leave its port out. A real server may (keepalived.conf(5)
// real_server IP [PORT]; ipvsadm(8) -r: "the destination port on the real server will be the
// destination port of the request sent to the virtual service"), which firewall-mark services
// need: one service covers several ports. ":0" says the same, as ipvsadm -L shows it.
enum class PortRule { required, optional };

// An Endpoint, or the reason the text is not one. A port is 1..65535 (or 0 where optional).
std::variant<Endpoint, std::string> parse_endpoint(std::string_view text,
                                                   PortRule rule = PortRule::required);

// Whether `text` is a dotted IPv4 netmask (contiguous ones): "255.255.255.0".
bool is_ipv4_netmask(std::string_view text);

}  // namespace routerd::ipvs
