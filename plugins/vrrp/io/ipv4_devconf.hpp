// An interface's IPv4 settings (net.ipv4.conf.IF.*) through rtnetlink (IFLA_INET_CONF), which
// needs CAP_NET_ADMIN only: under the systemd unit's ProtectKernelTunables=, /proc/sys is
// read-only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct nl_sock;

namespace routerd::vrrp {

class Ipv4DevConf {
  public:
    Ipv4DevConf();  // throws std::runtime_error when rtnetlink cannot be opened
    ~Ipv4DevConf();
    Ipv4DevConf(const Ipv4DevConf&) = delete;
    Ipv4DevConf& operator=(const Ipv4DevConf&) = delete;

    // One setting (`id`: IPV4_DEVCONF_* of linux/ip.h, e.g. IPV4_DEVCONF_PROMOTE_SECONDARIES:
    // removing an interface's primary IPv4 address of a subnet promotes a secondary one
    // instead of removing them all). nullopt: the interface has no IPv4 settings.
    std::optional<std::uint32_t> get(int ifindex, int id);
    // Sets each (id, value) in one change. The error in words, or nullopt.
    std::optional<std::string> set(int ifindex,
                                   const std::vector<std::pair<int, std::uint32_t>>& values);

  private:
    nl_sock* socket_;
};

}  // namespace routerd::vrrp
