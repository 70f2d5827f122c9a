// Withdraws routerd's routes when routerd dies without withdrawing them itself (kill -9, a
// crash). The kernel deletes a dead tun device's IPv4 routes without a netlink notification,
// so zebra never learns that they went and bgpd keeps announcing them (FRR 8.4, measured:
// still announced 20 s after routerd was killed). The guard is a child (/bin/sh) that holds
// the tun device open as its stdout and reads a pipe only routerd writes to: when routerd is
// gone the read ends, the guard deletes every route of routerd's protocol in the table by
// netlink requests (`ip route flush`, which zebra does see), exits, and the device goes with
// it. A SIGTERM does the same: systemd sends one to what is left of the unit once its main
// process died.
#pragma once

#include <optional>
#include <string>

#include "routerd/common/child_process.hpp"

namespace routerd::announce_bgp {

class RouteGuard {
  public:
    // Starts the guard of `protocol`'s routes in `table`; `device_fd` is the tun device's.
    // Throws std::system_error.
    RouteGuard(int table, int protocol, int device_fd);
    // The guard is killed without flushing: a stopping routerd withdraws its routes itself.
    ~RouteGuard();
    RouteGuard(const RouteGuard&) = delete;
    RouteGuard& operator=(const RouteGuard&) = delete;

    // Never blocks. When the guard has ended (someone killed it), starts another and says how
    // the first ended; nullopt while it runs. Throws std::system_error if none can start.
    std::optional<std::string> restart_if_ended();

  private:
    void start();

    int table_;
    int protocol_;
    int device_fd_;
    int pipe_write_ = -1;  // routerd's end: closed only by routerd's death (or the destructor)
    std::optional<common::Child> child_;
};

}  // namespace routerd::announce_bgp
