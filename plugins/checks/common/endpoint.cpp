#include "endpoint.hpp"

#include <charconv>
#include <string>

namespace routerd::checks {

std::optional<Endpoint> Endpoint::parse(std::string_view text) {
    std::string_view host = text;
    std::string_view port;
    bool has_port = false;
    if (!text.empty() && text.front() == '[') {
        const size_t close = text.find("]:");
        if (close == std::string_view::npos) return std::nullopt;
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
        has_port = true;
    } else if (const size_t colon = text.find(':');
               colon != std::string_view::npos && text.find(':', colon + 1) == text.npos) {
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        has_port = true;
    }
    Endpoint out;
    boost::system::error_code ec;
    out.address = boost::asio::ip::make_address(std::string(host), ec);
    if (ec) return std::nullopt;
    if (has_port) {
        unsigned value = 0;
        const auto [end, err] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (port.empty() || err != std::errc() || end != port.data() + port.size() || value < 1 ||
            value > 65535) {
            return std::nullopt;
        }
        out.port = static_cast<uint16_t>(value);
    }
    return out;
}

std::optional<Endpoint> read_target(const sdk::Config& check, std::string_view target,
                                    bool port_required) {
    const sdk::Config key = check["target"];
    if (target.empty()) {
        key.error(port_required ? "is required: the address to check, \"ip:port\""
                                : "is required: the address to check");
        return std::nullopt;
    }
    std::optional<Endpoint> endpoint = Endpoint::parse(target);
    if (endpoint && port_required && endpoint->port == 0) {
        // A real server without a port (the packet's own, for firewall-mark services).
        key.error("'" + std::string(target) + "' has no port to check: set connect_port");
        return std::nullopt;
    }
    if (!endpoint) {
        key.error("'" + std::string(target) + "' is not " +
                  (port_required ? "\"ip:port\" or \"[ipv6]:port\""
                                 : "an IP address (with an optional port)"));
        return std::nullopt;
    }
    return endpoint;
}

}  // namespace routerd::checks
