// How the userspace forwarder spends the file descriptors the host lets the data plane hold
// (routerd keeps the rest for VRRP, checks, the control socket and the store): a TCP
// connection holds up to six (client, server, and two pipes for splice(2)), a UDP flow one
// (its socket to the real server), a listener one per I/O thread. Idle pipes kept for reuse
// take at most a quarter of the budget, and never more than kMaxPooledPipes per thread.
#pragma once

#include <cstddef>
#include <cstdint>

namespace routerd::ipvs::userspace {

inline constexpr unsigned kDescriptorsPerTcpConnection = 6;
inline constexpr unsigned kDescriptorsPerUdpFlow = 1;
inline constexpr std::size_t kMaxPooledPipes = 1024;  // per thread

struct DescriptorPlan {
    std::size_t pooled_pipes_per_thread = 0;
    uint64_t for_connections = 0;  // for listeners, connections and flows
};

DescriptorPlan plan_descriptors(uint64_t budget, unsigned threads);

// Whether `held` descriptors plus `wanted` more stay within `available`.
constexpr bool fits(uint64_t held, uint64_t wanted, uint64_t available) {
    return held <= available && wanted <= available - held;
}

}  // namespace routerd::ipvs::userspace
