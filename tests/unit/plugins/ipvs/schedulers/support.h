// Helpers shared by the scheduler tests: backend sets, flows, and pick counting.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs::test {

inline constexpr uint8_t kTcp = 6;
inline constexpr uint8_t kIcmp = 1;

// Backends "10.0.0.<i+1>:80" with the given weights.
inline std::vector<Backend> backends_with_weights(const std::vector<uint32_t>& weights) {
    std::vector<Backend> out;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        out.push_back({"10.0.0." + std::to_string(i + 1) + ":80", weights[i], 0, 0, false});
    }
    return out;
}

inline std::vector<Backend> equal_backends(std::size_t n) {
    return backends_with_weights(std::vector<uint32_t>(n, 1));
}

inline std::array<uint8_t, 16> ipv4(uint32_t address) {
    return {static_cast<uint8_t>(address >> 24), static_cast<uint8_t>(address >> 16),
            static_cast<uint8_t>(address >> 8), static_cast<uint8_t>(address)};
}

// A TCP flow from `source`:`port` to 192.0.2.1:80.
inline Flow flow_from(uint32_t source, uint16_t port = 40000) {
    Flow f;
    f.source_address = ipv4(source);
    f.source_port = port;
    f.destination_address = ipv4(0xc0000201);
    f.destination_port = 80;
    f.protocol = kTcp;
    return f;
}

// A TCP flow from 198.51.100.7 to `destination`:80.
inline Flow flow_to(uint32_t destination) {
    Flow f = flow_from(0xc6336407);
    f.destination_address = ipv4(destination);
    return f;
}

// Picks `count` times for flows from consecutive source addresses; returns how many
// each backend got (a last slot counts the nullopts).
inline std::vector<uint64_t> count_picks(Scheduler& s, const std::vector<Backend>& backends,
                                         uint64_t count) {
    std::vector<uint64_t> counts(backends.size() + 1, 0);
    for (uint64_t i = 0; i < count; ++i) {
        const auto picked = s.pick(backends, flow_from(0x0a000000 + static_cast<uint32_t>(i)));
        ++counts[picked ? *picked : backends.size()];
    }
    return counts;
}

// Picks `count` times, each pick opening an active connection on the backend picked, as
// a forwarder would: the load-based schedulers must then spread by their rule.
inline std::vector<uint64_t> count_with_connections(Scheduler& s, std::vector<Backend>& backends,
                                                    uint64_t count) {
    std::vector<uint64_t> counts(backends.size() + 1, 0);
    for (uint64_t i = 0; i < count; ++i) {
        const auto picked = s.pick(backends, flow_from(0x0a000000 + static_cast<uint32_t>(i)));
        ++counts[picked ? *picked : backends.size()];
        if (picked) {
            ++backends[*picked].active_connections;
        }
    }
    return counts;
}

}  // namespace routerd::ipvs::test
