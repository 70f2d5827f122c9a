#include "checks/check_target.hpp"

#include <algorithm>
#include <charconv>

namespace routerd {
namespace {

int parse_port(std::string_view text, std::string_view whole) {
    int port = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || port < 1 ||
        port > 65535) {
        throw std::invalid_argument("'" + std::string(whole) + "': the port must be 1..65535");
    }
    return port;
}

}  // namespace

HostPort HostPort::parse(std::string_view text) {
    HostPort out;
    if (!text.empty() && text.front() == '[') {
        const size_t close = text.find(']');
        if (close == std::string_view::npos)
            throw std::invalid_argument("'" + std::string(text) + "': missing ']'");
        out.host = text.substr(1, close - 1);
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':')
                throw std::invalid_argument("'" + std::string(text) + "': expected ':port'");
            out.port = parse_port(rest.substr(1), text);
        }
    } else if (std::count(text.begin(), text.end(), ':') == 1) {
        const size_t colon = text.find(':');
        out.host = text.substr(0, colon);
        out.port = parse_port(text.substr(colon + 1), text);
    } else {
        out.host = text;  // a bare IPv4 or IPv6 address (or name)
    }
    if (out.host.empty())
        throw std::invalid_argument("'" + std::string(text) + "': the address is empty");
    return out;
}

std::string HostPort::to_string() const {
    if (!port) return host;
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(*port);
}

std::string effective_target(std::string_view target, const std::optional<std::string>& connect_ip,
                             std::optional<int> connect_port) {
    if (!connect_ip && !connect_port) return std::string(target);
    HostPort out;
    if (!target.empty()) out = HostPort::parse(target);
    if (connect_ip) {
        const HostPort ip = HostPort::parse(*connect_ip);
        if (ip.port)
            throw std::invalid_argument("connect_ip '" + *connect_ip + "' must not have a port");
        out.host = ip.host;
    }
    if (connect_port) out.port = *connect_port;
    if (out.host.empty()) throw std::invalid_argument("connect_port needs a target or connect_ip");
    return out.to_string();
}

}  // namespace routerd
