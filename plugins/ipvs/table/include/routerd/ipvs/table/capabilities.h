// What each forwarder can run of a table, said once: the ipvs service checks the configuration
// with it (so that --config-test names the key), and a forwarder the table it is handed.
//
//   kernel     everything the table can say: NAT, DR and TUN (ipip, gue, gre), TCP, UDP and
//              SCTP, fwmark services, every scheduler flag; the schedulers are Linux's
//              (linux_schedulers()).
//   userspace  a proxy: it terminates the client's connection and opens its own to the real
//              server, so it is NAT by construction (direct routing and tunnels need the kernel
//              to forward the client's own packets, ip_vs_xmit.c); it accepts on an address and
//              one port, so no fwmark service (netfilter marks packets, not sockets), no port 0;
//              TCP and UDP, not SCTP; one flow per client address and port, so no ops; its
//              persistence is by client address only, so no persistence engine. Its
//              schedulers are the scheduler plugins loaded, by name.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "routerd/ipvs/table/scheduler_flags.h"
#include "routerd/ipvs/table/table.h"

namespace routerd::ipvs {

enum class ForwarderKind { kernel, userspace };

// Linux's IPVS schedulers (net/netfilter/ipvs/ip_vs_*.c; keepalived.conf(5) lvs_sched).
std::span<const std::string_view> linux_schedulers();
bool is_linux_scheduler(std::string_view name);
// Linux's IPVS persistence engines (net/netfilter/ipvs/ip_vs_pe_*.c): "sip" only.
bool is_persistence_engine(std::string_view name);

// Why `forwarder` cannot run what the argument says, in the configuration's words; nullopt
// when it can.
std::optional<std::string> unsupported_method(ForwarderKind forwarder, Method method);
std::optional<std::string> unsupported_protocol(ForwarderKind forwarder, Protocol protocol);
std::optional<std::string> unsupported_fwmark(ForwarderKind forwarder, uint32_t fwmark);
std::optional<std::string> unsupported_flags(ForwarderKind forwarder, const SchedulerFlags& flags);
// A persistence engine ("" none).
std::optional<std::string> unsupported_persistence_engine(ForwarderKind forwarder,
                                                          std::string_view engine);
// A virtual service's port (0: every port, with persistence) and a real server's (0: the
// port the client asked for, in a fwmark service).
std::optional<std::string> unsupported_service_port(ForwarderKind forwarder, uint16_t port);
std::optional<std::string> unsupported_destination_port(ForwarderKind forwarder, uint16_t port);

// All of the above over a table that table_from_json accepted; throws TableError naming the
// first field `forwarder` cannot run.
void check_supported(ForwarderKind forwarder, const Table& table);

}  // namespace routerd::ipvs
