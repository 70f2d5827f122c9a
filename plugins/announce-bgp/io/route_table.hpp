// The announced prefixes as routes in a kernel routing table that FRR's zebra imports
// (`ip import-table N`) and bgpd redistributes (`redistribute table N`). The routes point at
// a tun device this process holds open without TUNSETPERSIST: when routerd dies, even by
// kill -9, the kernel deletes the device and its routes with it, zebra sees them go and bgpd
// withdraws them at once — no stale announcement outlives the daemon that decided it.
#pragma once

#include <optional>
#include <string>

#include "route_guard.hpp"

namespace routerd::announce_bgp {

class RouteTable {
  public:
    // Creates (or takes over) the tun device `device` and brings it up; throws
    // std::runtime_error with the reason.
    RouteTable(std::string device, int table);
    ~RouteTable();
    RouteTable(const RouteTable&) = delete;
    RouteTable& operator=(const RouteTable&) = delete;

    // `prefix` is "address/len"; throws std::runtime_error on a kernel refusal.
    void announce(const std::string& prefix);
    void withdraw(const std::string& prefix);

    // Never blocks. nullopt while the route guard runs; else it has been restarted, and the
    // message says how the first one ended (the routes it may have deleted must be announced
    // again). Throws std::system_error if no guard can start.
    std::optional<std::string> keep_guard_running() { return guard_->restart_if_ended(); }

  private:
    // Sends one route request; 0 or the kernel's errno.
    int route(int type, int flags, const std::string& prefix);

    std::string device_;
    int table_;
    int tun_fd_ = -1;
    int ifindex_ = 0;
    int netlink_fd_ = -1;
    std::optional<RouteGuard> guard_;
};

}  // namespace routerd::announce_bgp
