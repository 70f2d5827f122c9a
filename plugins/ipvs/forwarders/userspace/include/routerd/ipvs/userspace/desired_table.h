// The forwarder's desired table (the JSON documented in plugin.h above
// routerd_forwarder_api_t) as the userspace forwarder understands it, and back.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <nlohmann/json.hpp>

#include "routerd/ipvs/sched/flags.h"

namespace routerd::ipvs::userspace {

enum class Protocol : uint8_t { tcp = 6, udp = 17 };  // the IPPROTO_* numbers

// A refused table: the message names the offending field, e.g.
// "services[0].destinations[2].method: 'dr' is not supported by the userspace forwarder ...".
class TableError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

// Why the userspace forwarder cannot run a service or destination, nullopt when it can. A
// proxy terminates the client's connection and opens its own to the real server, so it is NAT
// by construction: direct routing and tunnelling need the kernel to forward the client's own
// packets (ip_vs_xmit.c), and fwmark services match packets, not sockets. The ipvs service
// plugin calls these at configure time (for --config-test) when forwarder = "userspace";
// apply() refuses the same things with the same words, and bad scheduler flags too.
std::optional<std::string> unsupported_method(std::string_view method);
std::optional<std::string> unsupported_protocol(std::string_view protocol);
std::optional<std::string> unsupported_fwmark(int64_t fwmark);
std::optional<std::string> unsupported_flags(const SchedulerFlags& flags);

struct DestinationSpec {
    boost::asio::ip::address address;
    uint16_t port = 0;
    uint32_t weight = 1;
    uint32_t uthreshold = 0;  // 0: no upper connection limit
    uint32_t lthreshold = 0;

    // "192.0.2.1:80" or "[2001:db8::1]:80": the identity schedulers hash and reports show.
    std::string key() const;
    bool operator==(const DestinationSpec&) const = default;
};

struct ServiceSpec {
    std::string key;  // as the producer named it, e.g. "tcp:172.16.0.100:80"
    Protocol protocol = Protocol::tcp;
    boost::asio::ip::address address;
    uint16_t port = 0;
    std::string scheduler = "wlc";
    std::string flags;
    std::chrono::milliseconds persistence_timeout{0};  // 0: no persistence
    // Applied to the client address before the persistence lookup: persistence_granularity,
    // a dotted netmask (IPv4) or a prefix length (IPv6, as keepalived.conf(5) takes it).
    std::array<uint8_t, 16> persistence_mask{};
    std::string persistence_granularity;  // as given, for read()
    std::vector<DestinationSpec> destinations;

    // What a listener binds: two services with the same endpoint are the same listener.
    std::string endpoint() const;
    bool operator==(const ServiceSpec&) const = default;
};

struct DesiredTable {
    std::vector<ServiceSpec> services;
};

// Throws TableError naming the field at fault. Unknown keys are ignored (the table is the
// kernel forwarder's too), but every key the userspace forwarder needs is checked.
DesiredTable parse_desired_table(std::string_view json);

// The documented JSON shape of one service (read() adds the counters).
nlohmann::json to_json(const ServiceSpec& service);
nlohmann::json to_json(const DestinationSpec& destination);

}  // namespace routerd::ipvs::userspace
