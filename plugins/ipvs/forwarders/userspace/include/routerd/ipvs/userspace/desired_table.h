// The desired table as the userspace forwarder runs it: the table model's services
// (routerd/ipvs/table), read by its codec and checked against what this forwarder supports
// (capabilities.h), with the addresses and the persistence mask in the form the I/O threads use.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

#include "routerd/ipvs/table/table.h"

namespace routerd::ipvs::userspace {

enum class Protocol : uint8_t { tcp = 6, udp = 17 };  // the IPPROTO_* numbers

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
    std::string key;  // the table's, e.g. "tcp:172.16.0.100:80"
    Protocol protocol = Protocol::tcp;
    boost::asio::ip::address address;
    uint16_t port = 0;
    std::string scheduler = "wlc";
    std::string flags;
    std::chrono::milliseconds persistence_timeout{0};  // 0: no persistence
    // Applied to the client address before the persistence lookup (granularity.h).
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

// The document apply() gets: table_from_json, then check_supported for this forwarder. Throws
// TableError naming the field at fault.
DesiredTable read_desired_table(std::string_view json);

// One service of a table that check_supported(ForwarderKind::userspace, ...) accepted, and back
// (what read() reports, before the counters).
ServiceSpec service_spec(const Service& service);
Service table_service(const ServiceSpec& spec);

}  // namespace routerd::ipvs::userspace
