// The interface every IPVS scheduler core implements, and the data it sees.
//
// A core is pure: no sockets, no threads, no clock. The plugin wrapper owns one
// Scheduler per virtual service, calls update() whenever the real-server set or a
// weight changes, and pick() for every new connection.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace routerd::ipvs {

// One real server as the scheduler sees it. Mirrors the fields of struct ip_vs_dest
// that the kernel schedulers read.
struct Backend {
    std::string key;  // "address:port" text: the stable identity the hashing schedulers hash
    uint32_t weight = 1;
    uint32_t active_connections = 0;
    uint32_t inactive_connections = 0;
    bool overloaded = false;  // IP_VS_DEST_F_OVERLOAD: the upper connection threshold is reached
};

enum class Family : uint8_t { ipv4, ipv6 };

// The packet fields a scheduler may hash. Addresses are in network byte order; an IPv4
// address fills the first four bytes. Ports are in host byte order.
struct Flow {
    Family family = Family::ipv4;
    std::array<uint8_t, 16> source_address{};
    uint16_t source_port = 0;
    std::array<uint8_t, 16> destination_address{};
    uint16_t destination_port = 0;
    uint8_t protocol = 0;  // IPPROTO_* number
};

class Scheduler {
  public:
    virtual ~Scheduler();

    // The backend set, its order or a weight changed; rebuild whatever derived state the
    // scheduler keeps (tables, gcd, cursors). pick() must then be given the same set.
    virtual void update(std::span<const Backend> backends) = 0;

    // Index into backends of the server for a new connection, nullopt when none is
    // available. Connection counters and overload flags may change between calls
    // without an update().
    virtual std::optional<std::size_t> pick(std::span<const Backend> backends,
                                            const Flow& flow) = 0;
};

// A server takes new connections only with a positive weight and while not overloaded
// (the is_unavailable() test of ip_vs_sh.c / ip_vs_mh.c, repeated in every scheduler).
inline bool is_available(const Backend& backend) {
    return backend.weight > 0 && !backend.overloaded;
}

// ip_vs_dest_conn_overhead() in include/net/ip_vs.h: an active connection costs 256
// times an inactive one, which mostly waits for FIN/TIME_WAIT to expire.
inline uint64_t connection_overhead(const Backend& backend) {
    return (uint64_t{backend.active_connections} << 8) + backend.inactive_connections;
}

}  // namespace routerd::ipvs
