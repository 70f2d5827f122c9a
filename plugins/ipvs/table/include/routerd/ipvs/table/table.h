// The forwarding table: the virtual services and destinations a forwarder runs. This is the
// desired-table JSON of plugin.h as C++ values (codec.h reads and writes it); the ipvs service
// computes it, the reconciler diffs two of them, and the forwarders run it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace routerd::ipvs {

// IP_VS_CONN_F_MASQ / _TUNNEL / _DROUTE in include/uapi/linux/ip_vs.h.
enum class Method { nat, dr, tun };
// IP_VS_CONN_F_TUNNEL_TYPE_IPIP / _GUE / _GRE.
enum class TunType { ipip, gue, gre };
enum class Protocol { tcp, udp, sctp };

struct Destination {
    std::string address;  // "172.16.1.20" or "2001:db8::20" (no brackets)
    uint16_t port = 0;
    uint32_t weight = 1;
    Method method = Method::nat;
    TunType tun_type = TunType::ipip;
    // GUE's UDP port (the kernel refuses GUE without one); "tun_port" in the JSON (ABI 1.1).
    uint16_t tun_port = 0;
    uint32_t uthreshold = 0;  // 0: no upper connection limit
    uint32_t lthreshold = 0;
    // Only in what a forwarder reads back.
    uint32_t active_connections = 0;
    uint32_t inactive_connections = 0;

    // Identity within a service: "ip:port" ("[v6]:port").
    std::string key() const;
    // Whether the destination takes new connections.
    bool in() const { return weight > 0; }
    // Same settings (connection counters are not settings).
    bool same_settings(const Destination& other) const;
    bool operator==(const Destination&) const = default;
};

struct Service {
    std::string key;  // "tcp:172.16.0.100:80" | "fwmark:1"
    Protocol protocol = Protocol::tcp;
    std::string address;  // empty for fwmark services
    uint16_t port = 0;
    uint32_t fwmark = 0;
    // IPVS keys a fwmark service by address family too (AF_INET or AF_INET6): 0 follows its
    // destinations (IPv4 without any). "family" ("inet" | "inet6") in the JSON, where
    // keepalived.conf(5) ip_family sets it; the kernel forwarder reads it from the kernel.
    uint16_t fwmark_family = 0;
    std::string scheduler = "wlc";
    std::string flags;  // "sh-port,sh-fallback"
    uint64_t persistence_timeout_ms = 0;
    std::string persistence_granularity = "255.255.255.255";
    // keepalived.conf(5) persistence_engine: the IPVS persistence engine that groups a
    // persistent service's connections by more than the client address ("sip": by SIP Call-ID,
    // the only engine Linux has); empty: none. "persistence_engine" in the JSON.
    std::string persistence_engine;
    std::vector<Destination> destinations;

    const Destination* find(const std::string& destination_key) const;
    // Same service settings (destinations aside).
    bool same_settings(const Service& other) const;
    bool operator==(const Service&) const = default;
};

// keepalived.conf(5) lvs_sync_daemon: IPVS's connection-synchronisation daemon, master (sends
// the connection table) or backup (receives it); the kernel runs at most one of each.
struct SyncDaemon {
    enum class State { master, backup };
    State state = State::master;
    std::string interface {};
    uint32_t syncid = 0;  // 0..255
    // 0: the kernel's default (maxlen from the MTU, port 8848, ttl 1, group 224.0.0.81).
    uint16_t maxlen = 0;
    uint16_t port = 0;
    uint8_t ttl = 0;
    std::string group{};  // IPv4 or IPv6 multicast address; empty: the kernel's default
    bool operator==(const SyncDaemon&) const = default;
};

// keepalived.conf(5) lvs_timeouts, in seconds; 0 leaves the kernel's value as it is.
struct ConnectionTimeouts {
    uint32_t tcp = 0;
    uint32_t tcpfin = 0;
    uint32_t udp = 0;
    bool any() const { return tcp != 0 || tcpfin != 0 || udp != 0; }
    bool operator==(const ConnectionTimeouts&) const = default;
};

// What belongs to the kernel's IPVS as a whole rather than to a service ("kernel" in the JSON):
// the kernel forwarder applies it, the userspace forwarder has none of it and ignores it.
struct KernelSettings {
    ConnectionTimeouts timeouts;
    std::vector<SyncDaemon> sync_daemons;  // the ones to run; others are stopped
    // lvs_flush / lvs_flush_on_stop: empty the kernel's whole IPVS table (services that routerd
    // did not make too) before applying this one. Only in the table a start or a stop hands over.
    bool flush = false;
    // lvs_flush_on_stop VS: a service that leaves goes with one request; the kernel drops its
    // destinations with it.
    bool remove_services_whole = false;
    // keepalived.conf(5) net_namespace_ipvs: the network namespace whose IPVS this table is for,
    // a file such as /run/netns/NAME; empty: routerd's own. Every table handed over says it.
    std::string net_namespace{};
    bool operator==(const KernelSettings&) const = default;
};

struct Table {
    std::vector<Service> services;
    KernelSettings kernel{};  // "kernel" in the JSON
    const Service* find(const std::string& service_key) const;
    bool operator==(const Table&) const = default;
};

std::string to_string(Method method);
std::string to_string(TunType type);
std::string to_string(Protocol protocol);
std::string to_string(SyncDaemon::State state);

// "ip:port" with brackets around IPv6 addresses.
std::string join_host_port(const std::string& address, uint16_t port);
// The service key of plugin.h: "tcp:172.16.0.100:80", "udp:[2001:db8::1]:53".
std::string service_key(Protocol protocol, const std::string& address, uint16_t port);
std::string fwmark_key(uint32_t fwmark);

// IPVS forwards NAT within one address family only; a fwmark service (no address of its own)
// takes real servers of either family. Whether `destination` breaks that rule in a service
// listening on `service_address` (empty: a fwmark service).
bool nat_crosses_families(const std::string& service_address, const std::string& destination,
                          Method method);
inline constexpr const char* kNatCrossesFamilies =
    "NAT needs the real server in the virtual server's address family";

}  // namespace routerd::ipvs
