#include "server_address.hpp"

#include <charconv>
#include <stdexcept>

#include "mailbox.hpp"

namespace routerd::smtp {
namespace {

std::uint16_t parse_port(std::string_view text) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value == 0 ||
        value > 65535) {
        throw std::invalid_argument("'" + std::string(text) + "' is not a port (1..65535)");
    }
    return static_cast<std::uint16_t>(value);
}

}  // namespace

std::string ServerAddress::to_string() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

ServerAddress parse_server_address(std::string_view text, std::uint16_t default_port) {
    ServerAddress address{std::string(text), default_port};
    if (text.starts_with('[')) {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos) {
            throw std::invalid_argument("'" + std::string(text) + "' lacks its closing ']'");
        }
        address.host = std::string(text.substr(1, close - 1));
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (!rest.starts_with(':')) {
                throw std::invalid_argument("expected ':port' after ']' in '" + std::string(text) +
                                            "'");
            }
            address.port = parse_port(rest.substr(1));
        }
    } else if (const std::size_t colon = text.rfind(':');
               colon != std::string_view::npos && text.find(':') == colon) {
        // Exactly one colon: host:port. More than one without brackets: an IPv6 address.
        address.host = std::string(text.substr(0, colon));
        address.port = parse_port(text.substr(colon + 1));
    }
    if (!is_graphic_ascii(address.host) ||
        address.host.find_first_of("[]/@") != std::string::npos) {
        throw std::invalid_argument("'" + std::string(text) + "' is not a host or address");
    }
    return address;
}

}  // namespace routerd::smtp
