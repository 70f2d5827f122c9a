#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace routerd {

// An address as checks write it: "192.0.2.1:80", "[2001:db8::1]:80", or without a port
// ("192.0.2.1", "2001:db8::1") for checks that need none (ping).
struct HostPort {
    std::string host;         // without brackets
    std::optional<int> port;  // 1..65535 when present

    static HostPort parse(std::string_view text);  // throws std::invalid_argument
    std::string to_string() const;                 // brackets an IPv6 host that has a port
};

// The address a check probes: its target (the real server it reports on) with connect_ip /
// connect_port replacing either part (keepalived.conf(5), "connect_ip" and "connect_port":
// check another address or port than the real server's, e.g. a monitoring port). Throws
// std::invalid_argument with a message fit for a configuration error.
std::string effective_target(std::string_view target, const std::optional<std::string>& connect_ip,
                             std::optional<int> connect_port);

}  // namespace routerd
