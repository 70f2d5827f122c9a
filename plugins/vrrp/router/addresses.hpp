// Carries out an instance's address actions: virtual addresses and routes in and out of the
// system through netlink, and gratuitous ARPs / unsolicited NAs that announce them.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "announcer.hpp"
#include "instance_config.hpp"
#include "netlink.hpp"
#include "outputs.hpp"

namespace routerd::vrrp {

class Addresses {
  public:
    Addresses(Netlink& netlink, const Outputs& outputs) : netlink_(netlink), outputs_(outputs) {}

    // Adds (or removes) `addresses` and `routes` of `instance`, whose interface is `interface`
    // when it exists. Each one done is reported through Outputs::installed, each failure logged.
    void install(const InstanceConfig& instance, const std::optional<InterfaceInfo>& interface,
                 std::span<const VirtualAddress> addresses, std::span<const VirtualRoute> routes,
                 bool add);
    // Announces every virtual address `repeat` times.
    void announce(const InstanceConfig& instance, const std::optional<InterfaceInfo>& interface,
                  unsigned repeat);

  private:
    Netlink& netlink_;
    const Outputs& outputs_;
    std::map<std::string, std::unique_ptr<Announcer>> announcers_;  // by interface name
    common::LogThrottle announce_errors_ = packet_log_throttle();
};

}  // namespace routerd::vrrp
