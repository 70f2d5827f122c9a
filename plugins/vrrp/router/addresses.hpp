// Carries out an instance's address actions: virtual addresses and routes in and out of the
// system through netlink, and gratuitous ARPs / unsolicited NAs that announce them, spaced on
// each interface (or garp_group of interfaces) by [vrrp] garp_interval / gna_interval
// (core/garp_pacing.hpp, core/paced_queue.hpp).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "announcer.hpp"
#include "garp_pacing.hpp"
#include "install_journal.hpp"
#include "instance_config.hpp"
#include "netlink.hpp"
#include "outputs.hpp"
#include "paced_queue.hpp"
#include "routerd/common/lifetime.hpp"

namespace routerd::vrrp {

class Addresses {
  public:
    Addresses(boost::asio::io_context& io, Netlink& netlink, InstallJournal& journal,
              const Outputs& outputs)
        : io_(io), netlink_(netlink), journal_(journal), outputs_(outputs) {}

    // What install() adds or removes.
    struct Items {
        std::span<const VirtualAddress> addresses;
        std::span<const VirtualRoute> routes;
        std::span<const VirtualRule> rules;
    };
    // Whose items they are: an instance (its name, its interface for items without a dev, and
    // that interface's state when it exists), or the static ones (no interface of their own).
    struct Owner {
        const std::string& name;
        const std::string& interface;
        const std::optional<InterfaceInfo>& info;
    };
    // Adds (or removes) `items` of `owner` through `journal`: all are recorded before the first
    // is added, and each is forgotten once it is removed. Each failure is logged.
    void install(const Owner& owner, const Items& items, bool add);
    // The same for an instance's own items, whose interface is its address interface
    // (InstanceConfig::address_interface: its own, or its VMAC), `interface` when it exists.
    void install(const InstanceConfig& instance, const std::optional<InterfaceInfo>& interface,
                 const Items& items, bool add) {
        install(Owner{instance.name, instance.address_interface(), interface}, items, add);
    }
    // Announces every virtual address `repeat` times (all of them, then all again ...), each
    // message as soon as its interface's pacing lets it go.
    void announce(const InstanceConfig& instance, const std::optional<InterfaceInfo>& interface,
                  unsigned repeat);
    // keepalived.conf(5) garp_extra_if: one message on each of the instance's other interfaces
    // (core/garp_extra.hpp).
    void announce_extra(const InstanceConfig& instance);
    // keepalived.conf(5) vrrp_garp_interval, vrrp_gna_interval and garp_group; `vmacs`: the
    // names of the VMACs routerd makes (garp_extra_if sends only on those unless `all`).
    void configure(const GarpPacingConfig& pacing, std::set<std::string> vmacs);

  private:
    struct Message {
        std::string instance;
        std::string dev;
        MacAddress mac;
        IpAddress address;
    };
    struct Lane {
        explicit Lane(boost::asio::io_context& io) : timer(io) {}
        PacedQueue<Message> queue;
        boost::asio::steady_timer timer;
    };
    // Queues `message` in the lane of its interface (of the base of the instance's VMAC).
    void queue(const InstanceConfig& instance, Message message, std::set<Lane*>& touched);
    // The Announcer of `dev` (made again when its index changed); nullptr after saying why not.
    Announcer* announcer(const std::string& instance, const std::string& dev, int ifindex);
    // Sends what `lane` lets go now and waits for the rest.
    void send_due(Lane& lane);
    void say_failed(const std::string& owner, const Installed& item, bool add,
                    const std::string& error) const;

    boost::asio::io_context& io_;
    Netlink& netlink_;
    InstallJournal& journal_;
    const Outputs& outputs_;
    std::map<std::string, std::unique_ptr<Announcer>> announcers_;  // by interface name
    common::LogThrottle announce_errors_ = packet_log_throttle();
    GarpPacing pacing_;
    std::set<std::string> vmacs_;
    std::map<GarpLane, std::unique_ptr<Lane>> lanes_;
    common::Lifetime lifetime_;  // the lanes' timer handlers run only while it exists
};

}  // namespace routerd::vrrp
