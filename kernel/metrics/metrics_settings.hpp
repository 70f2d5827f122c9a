// The [metrics] table: whether routerd serves /metrics, and where.
#pragma once

#include <string>

#include <boost/asio/ip/tcp.hpp>

#include "config/config_view.hpp"

namespace routerd::metrics {

inline constexpr const char* kDefaultListen = "127.0.0.1:9650";

struct MetricsSettings {
    // enabled = false: no exporter (the registry still counts, for nobody).
    bool enabled = true;
    // listen = "ADDRESS:PORT" ("[::1]:9650" for IPv6): an IP literal, not a name, since
    // resolving would block start-up. Loopback by default: metrics say a lot about a network.
    boost::asio::ip::tcp::endpoint listen{boost::asio::ip::make_address("127.0.0.1"), 9650};

    bool operator==(const MetricsSettings&) const = default;
};

// Reads the [metrics] table (absent: the defaults), reporting every mistake against its key.
MetricsSettings read_metrics_settings(const ConfigView& table);

// "127.0.0.1:9650", "[::1]:9650".
std::string to_string(const boost::asio::ip::tcp::endpoint& endpoint);

}  // namespace routerd::metrics
