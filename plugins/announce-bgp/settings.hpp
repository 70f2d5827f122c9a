// The [announce-bgp] table.
#pragma once

#include <routerd/plugin.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "announcement.hpp"
#include "prefix_health.hpp"

namespace routerd::announce_bgp {

// One announced prefix and what its health follows (all of its conditions must hold).
struct PrefixSettings {
    std::string name;
    std::string prefix;  // "192.0.2.10/32", "2001:db8::10/128"
    Conditions follows;
};

struct Settings {
    int table = 201;                // the kernel table zebra imports
    std::string device = "rd-bgp";  // the tun device the routes point at
    Timing timing{std::chrono::seconds(2), std::chrono::seconds(5)};
    std::chrono::nanoseconds drain_timeout = std::chrono::seconds(30);
    std::vector<PrefixSettings> prefixes;
};

// Reads `config`, reporting each mistake on its node; nullopt if there was any.
std::optional<Settings> read_settings(const sdk::Config& config);

}  // namespace routerd::announce_bgp
