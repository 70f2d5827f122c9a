#include "vmac.hpp"

#include <cstdio>

namespace routerd::vrrp {

MacAddress virtual_router_mac(Family family, std::uint8_t vrid) {
    return {0x00, 0x00, 0x5e, 0x00, static_cast<std::uint8_t>(family == Family::ipv4 ? 1 : 2),
            vrid};
}

std::string_view ipvlan_mode_name(IpvlanMode mode) {
    switch (mode) {
        case IpvlanMode::bridge:
            return "bridge";
        case IpvlanMode::private_mode:
            return "private";
        case IpvlanMode::vepa:
            return "vepa";
    }
    return "bridge";
}

std::string vmac_name(std::string_view prefix, std::uint8_t vrid) {
    return std::string(prefix) + "." + std::to_string(vrid);
}

std::string address_vmac_name(std::string_view prefix, Family family, std::uint8_t vrid,
                              const std::set<std::string>& taken) {
    constexpr std::size_t kMaxName = 15;  // IFNAMSIZ - 1 (linux/if.h)
    const std::string vrid_text = "." + std::to_string(vrid);
    auto name = [&](const std::string& number) {
        const std::size_t room = kMaxName - number.size() - vrid_text.size();
        return std::string(prefix.substr(0, room)) + number + vrid_text;
    };
    std::string candidate = name(family == Family::ipv4 ? "" : "6");
    for (unsigned n = 1; taken.contains(candidate); ++n)
        candidate = name(std::to_string(n));
    return candidate;
}

std::optional<MacAddress> parse_vmac_address(std::string_view text, std::uint8_t vrid) {
    MacAddress mac{};
    std::size_t octets = 0;
    std::size_t pos = 0;
    while (pos <= text.size() && octets < mac.size()) {
        const std::size_t end = std::min(text.find(':', pos), text.size());
        const std::string_view part = text.substr(pos, end - pos);
        if (part.empty() || part.size() > 2) return std::nullopt;
        unsigned value = 0;
        for (const char c : part) {
            const int digit = c >= '0' && c <= '9'   ? c - '0'
                              : c >= 'a' && c <= 'f' ? c - 'a' + 10
                              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                     : -1;
            if (digit < 0) return std::nullopt;
            value = value * 16 + static_cast<unsigned>(digit);
        }
        mac[octets++] = static_cast<std::uint8_t>(value);
        pos = end + 1;
    }
    if (pos <= text.size()) return std::nullopt;  // more than six octets
    if (octets == 5) {
        mac[5] = vrid;
    } else if (octets != 6) {
        return std::nullopt;
    }
    if (mac[0] & 0x01) return std::nullopt;  // a group address names no one interface
    return mac;
}

std::string mac_text(const MacAddress& mac) {
    char text[18];
    std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
                  mac[3], mac[4], mac[5]);
    return text;
}

std::string arp_settings_text(const ArpSettings& settings) {
    return "arp_ignore=" + std::to_string(settings.arp_ignore) +
           " arp_filter=" + std::to_string(settings.arp_filter);
}

std::optional<ArpSettings> parse_arp_settings(std::string_view text) {
    ArpSettings settings;
    unsigned ignore = 0, filter = 0;
    int end = 0;
    const std::string copy(text);
    if (std::sscanf(copy.c_str(), "arp_ignore=%u arp_filter=%u%n", &ignore, &filter, &end) != 2 ||
        static_cast<std::size_t>(end) != copy.size() || ignore > 8 || filter > 1) {
        return std::nullopt;  // net.ipv4.conf: arp_ignore 0..8, arp_filter 0..1
    }
    settings.arp_ignore = ignore;
    settings.arp_filter = filter;
    return settings;
}

std::optional<std::string> interface_name_error(std::string_view name) {
    constexpr std::size_t kMaxName = 15;  // IFNAMSIZ - 1 (linux/if.h)
    if (name.empty()) return "is empty";
    if (name.size() > kMaxName) return "is longer than 15 characters (IFNAMSIZ)";
    if (name == "." || name == "..") return "is not an interface name";
    for (const char c : name) {
        if (c == '/' || c == ':' || c == ' ' || c == '\t' || c == '\n')
            return "has a character an interface name cannot have ('/', ':' or a space)";
    }
    return std::nullopt;
}

}  // namespace routerd::vrrp
