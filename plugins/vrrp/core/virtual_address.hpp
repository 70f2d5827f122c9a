// What an instance installs while MASTER: its virtual addresses and virtual routes, and their
// one-line text, which is also how the store records them for crash clean-up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "types.hpp"

namespace routerd::vrrp {

struct VirtualAddress {
    IpAddress address;
    std::uint8_t prefix = 32;
    std::string dev;    // empty: the instance's interface
    std::string label;  // IPv4 address label, e.g. "eth0:vip"

    std::string text() const { return address.to_string() + "/" + std::to_string(prefix); }
    // Reads back text(): "address/prefix" (dev and label are not part of it).
    static std::optional<VirtualAddress> parse(const std::string& text);
    bool operator==(const VirtualAddress&) const = default;
};

struct VirtualRoute {
    IpAddress destination;
    std::uint8_t prefix = 32;
    std::optional<IpAddress> via;
    std::string dev;  // empty: the instance's interface
    std::uint32_t metric = 0;
    std::uint32_t table = 254;  // RT_TABLE_MAIN

    std::string text() const;  // "dst/prefix [via gw] [dev name] [table N]" (N not main)
    // Reads back text() (the metric is not part of it).
    static std::optional<VirtualRoute> parse(const std::string& text);
    bool operator==(const VirtualRoute&) const = default;
};

}  // namespace routerd::vrrp
