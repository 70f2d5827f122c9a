// Carries out an instance's address actions: virtual addresses and routes in and out of the
// system through netlink, and gratuitous ARPs / unsolicited NAs that announce them.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "announcer.hpp"
#include "install_journal.hpp"
#include "instance_config.hpp"
#include "netlink.hpp"
#include "outputs.hpp"

namespace routerd::vrrp {

class Addresses {
  public:
    Addresses(Netlink& netlink, InstallJournal& journal, const Outputs& outputs)
        : netlink_(netlink), journal_(journal), outputs_(outputs) {}

    // Adds (or removes) `addresses` and `routes` of `instance`, whose interface is `interface`
    // when it exists, through `journal`: all are recorded before the first is added, and each
    // is forgotten once it is removed. Each failure is logged.
    void install(const InstanceConfig& instance, const std::optional<InterfaceInfo>& interface,
                 std::span<const VirtualAddress> addresses, std::span<const VirtualRoute> routes,
                 bool add);
    // Announces every virtual address `repeat` times.
    void announce(const InstanceConfig& instance, const std::optional<InterfaceInfo>& interface,
                  unsigned repeat);

  private:
    void say_failed(const InstanceConfig& instance, const Installed& item, bool add,
                    const std::string& error) const;

    Netlink& netlink_;
    InstallJournal& journal_;
    const Outputs& outputs_;
    std::map<std::string, std::unique_ptr<Announcer>> announcers_;  // by interface name
    common::LogThrottle announce_errors_ = packet_log_throttle();
};

}  // namespace routerd::vrrp
