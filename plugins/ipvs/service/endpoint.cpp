#include "routerd/ipvs/service/endpoint.h"

#include <arpa/inet.h>

#include <charconv>
#include <optional>

namespace routerd::ipvs {

std::variant<Endpoint, std::string> parse_endpoint(std::string_view text, PortRule rule) {
    const bool optional = rule == PortRule::optional;
    std::string_view host;
    std::optional<std::string_view> port_text;
    const bool bracketed = !text.empty() && text.front() == '[';
    if (bracketed) {
        const size_t close = text.find(']');
        const bool bare = close + 1 == text.size();
        if (close == std::string_view::npos || (!bare && text[close + 1] != ':') ||
            (bare && !optional)) {
            return "'" + std::string(text) + "' is not [IPv6]:port" +
                   (optional ? " or [IPv6]" : "");
        }
        host = text.substr(1, close - 1);
        if (!bare) port_text = text.substr(close + 2);
    } else {
        const size_t colon = text.rfind(':');
        if (text.find(':') != colon || (colon == std::string_view::npos && !optional)) {
            return "'" + std::string(text) + "' is not address:port" +
                   (optional ? " or address" : "") + " (IPv6 goes in brackets)";
        }
        host = text.substr(0, colon);
        if (colon != std::string_view::npos) port_text = text.substr(colon + 1);
    }
    unsigned port = 0;
    if (port_text) {
        const auto [end, ec] =
            std::from_chars(port_text->data(), port_text->data() + port_text->size(), port);
        if (ec != std::errc() || end != port_text->data() + port_text->size() ||
            (port == 0 && !optional) || port > 65535) {
            return "'" + std::string(*port_text) + "' is not a port (" + (optional ? "0" : "1") +
                   "..65535)";
        }
    }
    const std::string host_string(host);
    unsigned char bytes[16];
    const int family = bracketed ? AF_INET6 : AF_INET;
    if (inet_pton(family, host_string.c_str(), bytes) != 1)
        return "'" + host_string + "' is not an IPv" + (bracketed ? "6" : "4") + " address";
    char canonical[INET6_ADDRSTRLEN];
    inet_ntop(family, bytes, canonical, sizeof canonical);
    return Endpoint{canonical, static_cast<uint16_t>(port), bracketed};
}

bool is_ipv4_netmask(std::string_view text) {
    in_addr mask{};
    if (inet_pton(AF_INET, std::string(text).c_str(), &mask) != 1) return false;
    const uint32_t bits = ntohl(mask.s_addr);
    // Contiguous ones from the top: inverting gives 2^k - 1, and x & (x + 1) == 0 for those.
    const uint32_t inverted = ~bits;
    return (inverted & (inverted + 1)) == 0;
}

}  // namespace routerd::ipvs
