// The userspace forwarder's own settings, the [userspace] table of routerd.toml:
//
//   [userspace]
//   threads = 2                 # I/O threads (default: one per CPU)
//   max_connections = 100000    # open TCP connections + UDP flows; beyond, new ones are refused
//   max_flows_per_source = 1024 # open TCP connections + UDP flows of one client address
//                               #   (the descriptors routerd's control plane keeps are never
//                               #   the forwarder's: README, "Descriptors")
//   tcp_idle_timeout = "15m"    # a TCP connection with no traffic either way is closed (IPVS's
//   udp_idle_timeout = "5m"     #   tcp and udp timeouts, `ipvsadm --set`, have these defaults)
//   connect_timeout = "5s"      # to the real server
//   buffer_size = 65536         # bytes in flight per direction (pipe size for splice(2))
#pragma once

#include <routerd/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <optional>

namespace routerd::ipvs::userspace {

struct Limits {
    unsigned threads = 1;
    uint64_t max_connections = 100000;
    uint64_t max_flows_per_source = 1024;
    std::chrono::nanoseconds tcp_idle_timeout = std::chrono::minutes(15);
    std::chrono::nanoseconds udp_idle_timeout = std::chrono::minutes(5);
    std::chrono::nanoseconds connect_timeout = std::chrono::seconds(5);
    uint32_t buffer_size = 65536;

    bool operator==(const Limits&) const = default;
};

// The defaults, with one thread per CPU.
Limits default_limits();

// Reads [userspace]; every mistake is reported against its key (file:line:col), and then
// the result is nullopt. An absent table gives the defaults.
std::optional<Limits> parse_limits(const sdk::Config& table);

}  // namespace routerd::ipvs::userspace
