#include "virtual_address.hpp"

#include <sstream>

namespace routerd::vrrp {

std::optional<VirtualAddress> VirtualAddress::parse(const std::string& text) {
    const size_t slash = text.find('/');
    auto address = IpAddress::parse(text.substr(0, slash));
    if (!address || slash == std::string::npos) return std::nullopt;
    return VirtualAddress{*address, static_cast<std::uint8_t>(std::stoi(text.substr(slash + 1))),
                          "", ""};
}

std::string VirtualRoute::text() const {
    std::string out = destination.to_string() + "/" + std::to_string(prefix);
    if (via) out += " via " + via->to_string();
    if (!dev.empty()) out += " dev " + dev;
    if (table != 254) out += " table " + std::to_string(table);
    return out;
}

std::optional<VirtualRoute> VirtualRoute::parse(const std::string& text) {
    std::istringstream in(text);
    std::string destination, word, value;
    in >> destination;
    const auto cidr = VirtualAddress::parse(destination);
    if (!cidr) return std::nullopt;
    VirtualRoute route{cidr->address, cidr->prefix, std::nullopt, "", 0, 254};
    while (in >> word >> value) {
        if (word == "via") route.via = IpAddress::parse(value);
        if (word == "dev") route.dev = value;
        if (word == "table") route.table = static_cast<std::uint32_t>(std::stoul(value));
    }
    return route;
}

}  // namespace routerd::vrrp
