#pragma once

#include <routerd/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include <boost/asio/ip/address.hpp>
#include <boost/system/error_code.hpp>

namespace routerd::checks {

// Where a checker's packets come from (keepalived.conf(5), generic connection options):
// `bindto` the source address, `bind_port` the source port, `bind_if` the interface (needed
// for an IPv6 link-local bindto). Every socket-based checker applies it to its sockets.
struct SourceBinding {
    std::optional<boost::asio::ip::address> address;
    uint16_t port = 0;
    std::string interface;

    // Reads the three keys from a check table; nullopt after reporting an error.
    static std::optional<SourceBinding> read(const sdk::Config& check);
    bool empty() const { return !address && port == 0 && interface.empty(); }
    // Applies it to an open socket of the given family (AF_INET / AF_INET6) before connect.
    boost::system::error_code apply(int fd, int family) const;
};

}  // namespace routerd::checks
