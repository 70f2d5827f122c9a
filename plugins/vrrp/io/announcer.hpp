// Sends gratuitous ARPs (IPv4) and unsolicited neighbour advertisements (IPv6) for a new
// master's virtual addresses on one interface.
#pragma once

#include <optional>
#include <string>

#include "announce.hpp"

namespace routerd::vrrp {

class Announcer {
  public:
    Announcer(const std::string& interface, int ifindex);  // throws std::runtime_error
    ~Announcer();
    Announcer(const Announcer&) = delete;
    Announcer& operator=(const Announcer&) = delete;

    std::optional<std::string> announce(const MacAddress& mac, const IpAddress& address);
    int ifindex() const { return ifindex_; }

  private:
    std::string interface_;
    int ifindex_;
    int arp_fd_ = -1;
    int icmp6_fd_ = -1;
};

}  // namespace routerd::vrrp
