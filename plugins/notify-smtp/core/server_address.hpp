// Where an SMTP relay listens, as written in the configuration: keepalived.conf(5) takes
// `smtp_server <IP or host> [<PORT>]`; in TOML that is one string, "host", "host:port",
// "[2001:db8::25]:587" or a bare IPv6 address.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace routerd::smtp {

struct ServerAddress {
    std::string host;  // name or address literal, without brackets
    std::uint16_t port = 25;

    // "host:port", with brackets around an IPv6 address.
    std::string to_string() const;
};

// Throws std::invalid_argument with a message for the operator if `text` is not an
// address; `default_port` applies when none is given.
ServerAddress parse_server_address(std::string_view text, std::uint16_t default_port);

}  // namespace routerd::smtp
