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
// for an IPv6 link-local bindto), and `fwmark` the firewall mark (SO_MARK) every packet of
// the check carries, for policy routing or nftables rules. Every socket-based checker
// applies it to its sockets.
struct SourceBinding {
    std::optional<boost::asio::ip::address> address;
    uint16_t port = 0;
    std::string interface;
    uint32_t mark = 0;  // 0: unmarked

    // Reads the four keys from a check table; nullopt after reporting an error.
    static std::optional<SourceBinding> read(const sdk::Config& check);
    // Binds nothing and marks nothing: the socket is like any other of its family.
    bool is_default() const { return !address && port == 0 && interface.empty() && mark == 0; }
    // Applies it to an open socket of the given family (AF_INET / AF_INET6) before connect.
    boost::system::error_code apply(int fd, int family) const;
};

}  // namespace routerd::checks
