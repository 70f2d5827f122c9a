// The system's interfaces and addresses, through rtnetlink (libnl-route-3): look-ups, adding and
// removing virtual addresses, routes and rules, and following link state.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel_change.hpp"
#include "types.hpp"
#include "virtual_address.hpp"
#include "virtual_rule.hpp"

struct nl_sock;

namespace routerd::vrrp {

struct InterfaceInfo {
    int index = 0;
    std::string name;
    bool up = false;       // administratively up
    bool running = false;  // carrier (IFF_RUNNING)
    std::array<std::uint8_t, 6> mac{};
    std::optional<IpAddress> primary_ipv4;  // first non-secondary IPv4 address
    std::optional<IpAddress> link_local_ipv6;
};

// Errors are returned as text ("eth9: no such interface", "File exists").
class Netlink {
  public:
    Netlink();  // throws std::runtime_error when rtnetlink cannot be opened
    ~Netlink();
    Netlink(const Netlink&) = delete;
    Netlink& operator=(const Netlink&) = delete;

    // `ignore`: addresses that are not the interface's own (our VIPs).
    std::optional<InterfaceInfo> interface(const std::string& name,
                                           const std::vector<IpAddress>& ignore = {});
    // Adding an address, route or rule that is there already, or removing one that is not,
    // succeeds. `ifindex` 0: a route through no interface (blackhole ...).
    std::optional<std::string> add_address(int ifindex, const VirtualAddress& address);
    std::optional<std::string> remove_address(int ifindex, const VirtualAddress& address);
    std::optional<std::string> add_route(int ifindex, const VirtualRoute& route);
    std::optional<std::string> remove_route(int ifindex, const VirtualRoute& route);
    std::optional<std::string> add_rule(const VirtualRule& rule);
    std::optional<std::string> remove_rule(const VirtualRule& rule);
    bool has_address(int ifindex, const IpAddress& address);

  private:
    std::optional<std::string> send(const std::vector<std::uint8_t>& request, int harmless);
    nl_sock* socket_;
};

// Link up/down and address notifications (RTNLGRP_LINK, RTNLGRP_IPV4/6_IFADDR), and the route
// and rule ones while watch_routes(true), on a non-blocking socket: call receive() when fd() is
// readable. on_change gets the interface index of each link whose state or addresses changed;
// on_kernel each link state and each deletion (core/kernel_change.hpp), for the static items.
class LinkMonitor {
  public:
    struct Handlers {
        std::function<void(int ifindex)> on_change;
        std::function<void(const KernelChange&)> on_kernel;
    };
    explicit LinkMonitor(Handlers handlers);
    ~LinkMonitor();
    LinkMonitor(const LinkMonitor&) = delete;
    LinkMonitor& operator=(const LinkMonitor&) = delete;

    int fd() const;
    void receive();
    // Joins or leaves RTNLGRP_IPV4/6_ROUTE and RTNLGRP_IPV4/6_RULE (a full routing table's
    // churn is only read while a static route or rule is watched); false when refused.
    bool watch_routes(bool on);

  private:
    nl_sock* socket_;
    Handlers handlers_;
    bool routes_ = false;
};

}  // namespace routerd::vrrp
