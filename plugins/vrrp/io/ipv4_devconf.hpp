// An interface's IPv4 settings (net.ipv4.conf.IF.*) through rtnetlink (IFLA_INET_CONF), which
// needs CAP_NET_ADMIN only: under the systemd unit's ProtectKernelTunables=, /proc/sys is
// read-only.
#pragma once

#include <optional>
#include <string>

struct nl_sock;

namespace routerd::vrrp {

class Ipv4DevConf {
  public:
    Ipv4DevConf();  // throws std::runtime_error when rtnetlink cannot be opened
    ~Ipv4DevConf();
    Ipv4DevConf(const Ipv4DevConf&) = delete;
    Ipv4DevConf& operator=(const Ipv4DevConf&) = delete;

    // promote_secondaries: removing an interface's primary IPv4 address of a subnet promotes a
    // secondary one instead of removing them all. nullopt: the interface has no IPv4 settings.
    std::optional<bool> promote_secondaries(int ifindex);
    // The error in words, or nullopt.
    std::optional<std::string> set_promote_secondaries(int ifindex, bool on);

  private:
    nl_sock* socket_;
};

}  // namespace routerd::vrrp
