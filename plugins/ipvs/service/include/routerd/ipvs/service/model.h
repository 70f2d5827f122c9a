// The [ipvs] configuration as values: virtual servers and their real servers, in Keepalived's
// vocabulary (keepalived.conf(5), "Virtual server(s)"). Pure data; model_reader.h fills it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "routerd/ipvs/table/table.h"

namespace routerd::ipvs {

enum class ForwarderChoice { automatic, kernel, userspace };

// A field added here belongs in configuration_fingerprint() too (operator_overrides.cpp).
struct RealServer {
    std::string name;  // its table key in the configuration
    std::string address;
    uint16_t port = 0;  // 0: the packet's own destination port (IPVS)
    uint32_t weight = 1;
    Method method = Method::nat;
    TunType tun_type = TunType::ipip;
    uint16_t tun_port = 0;  // GUE's UDP port (keepalived.conf(5): tun_type gue port N)
    // keepalived.conf(5): "set weight to 0 on healthchecker failure" instead of removing it.
    bool inhibit_on_failure = false;
    std::string notify_up;  // scripts, run on the host's blocking pool
    std::string notify_down;
    uint32_t uthreshold = 0;
    uint32_t lthreshold = 0;
    // From check_attach, one per check: healthy while every one is up (keepalived.conf(5):
    // a real server leaves when any of its checkers fails). Empty: no check, always healthy.
    std::vector<std::string> check_ids;

    std::string key() const { return join_host_port(address, port); }
    // What its checks probe: without a port, the address alone (a check then needs its own
    // connect_port, unless it takes none, as ping).
    std::string check_target() const { return port == 0 ? address : key(); }
};

// One address of a virtual server: "tcp:VIP:port" or "fwmark:N".
struct ServiceAddress {
    std::string address;  // empty for fwmark
    uint16_t port = 0;
    uint32_t fwmark = 0;
};

struct VirtualServer {
    std::string name;
    // One entry, or one per member of its virtual_server_group.
    std::vector<ServiceAddress> addresses;
    std::string group;  // the virtual_server_group it serves; empty: none
    Protocol protocol = Protocol::tcp;
    std::string scheduler = "wlc";  // keepalived's lvs_sched default
    std::string flags;
    uint64_t persistence_timeout_ms = 0;
    std::string persistence_granularity = "255.255.255.255";
    std::string persistence_engine;  // keepalived.conf(5) persistence_engine ("sip"); "" none
    std::vector<RealServer> real_servers;
    std::optional<RealServer> sorry_server;
    // keepalived.conf(5): the minimum total weight of healthy real servers, and the margin
    // that keeps the quorum state from flapping around it.
    uint32_t quorum = 1;
    uint32_t hysteresis = 0;
    std::string quorum_up;
    std::string quorum_down;
    bool alpha = false;  // real servers start down until their check says up
    // keepalived.conf(5): "on daemon shutdown, consider quorum and RS down notifiers for
    // execution": when routerd stops and removes this virtual server, its real servers that
    // were in run notify_down, and quorum_down runs if quorum was up. Without omega a stop
    // runs no notifier. Whether it is removed is Model::keep_on_stop's business; with it
    // nothing leaves and none runs, as with keepalived -I (stop_plan.h).
    bool omega = false;
    std::string ha_suspend;  // VRRP instance whose MASTER state enables changes; empty: none
    // keepalived.conf(5) ip_family of a fwmark service (AF_INET, AF_INET6); 0: its real
    // servers' family, IPv4 without any.
    uint16_t fwmark_family = 0;
    std::optional<bool> smtp_alert;

    // The service keys of plugin.h, one per address.
    std::vector<std::string> service_keys() const;
    std::string service_key(const ServiceAddress& a) const;
};

// keepalived.conf(5) lvs_flush_on_stop [VS].
enum class FlushOnStop {
    none,      // each destination, then each service routerd made, one request each
    all,       // the whole IPVS table in one request (others' services too)
    services,  // "VS": each service routerd made, without its destinations
};

// keepalived.conf(5) lvs_sync_daemon: the daemon's settings; which daemons run follows
// vrrp_instance's state (kernel_settings.h).
struct SyncDaemonConfig {
    SyncDaemon settings;        // its state is decided at run time
    std::string vrrp_instance;  // empty: master and backup both run
};

struct Model {
    ForwarderChoice forwarder = ForwarderChoice::automatic;
    // keepalived(8) removes the IPVS topology it configured when it stops, unless started with
    // --dont-release-ipvs (-I), which leaves it running so that a restart drops no connection.
    // false: routerd removes its virtual servers at stop (those made by others stay);
    // true: it leaves them and the next start adopts them (the kernel forwarder; the
    // userspace forwarder's listeners are routerd's own sockets and close with it anyway).
    bool keep_on_stop = false;
    std::vector<VirtualServer> virtual_servers;
    // keepalived.conf(5) global_defs lvs_timeouts, lvs_flush, lvs_flush_on_stop,
    // lvs_sync_daemon: the kernel's IPVS as a whole (the kernel forwarder only).
    ConnectionTimeouts timeouts;
    bool flush = false;
    FlushOnStop flush_on_stop = FlushOnStop::none;
    std::optional<SyncDaemonConfig> sync_daemon;
    // keepalived.conf(5) global_defs net_namespace_ipvs: the namespace file (/run/netns/NAME,
    // or a path given as such) whose IPVS the kernel forwarder programs; empty: routerd's own.
    std::string net_namespace;
    // keepalived.conf(5) global_defs rs_init_notifies: the real servers that go into the table
    // when routerd starts run notify_up (and write their FIFO line); without it only later
    // changes notify, as in Keepalived.
    bool rs_init_notifies = false;
    bool has_kernel_settings() const {
        return timeouts.any() || flush || flush_on_stop != FlushOnStop::none || sync_daemon ||
               !net_namespace.empty();
    }
    bool needs_forwarder() const { return !virtual_servers.empty() || has_kernel_settings(); }
};

}  // namespace routerd::ipvs
