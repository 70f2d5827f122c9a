// The forwarding table as the JSON document of plugin.h (above routerd_forwarder_api_t): the
// one encoder and the one decoder on both sides of the forwarder ABI.
// Beside "services" the document may carry "kernel" (Table::kernel), the settings of the
// kernel's IPVS as a whole, written only when one is set; plugin.h lets a forwarder ignore
// keys it does not know, and the userspace forwarder does:
//   "kernel": {"timeouts": {"tcp": 900, "tcpfin": 120, "udp": 300},   (seconds, 0: unchanged)
//              "sync_daemons": [{"state": "master" | "backup", "interface": "eth1",
//                                "syncid": 0, "maxlen": 0, "port": 0, "ttl": 0, "group": ""}],
//              "flush": false, "remove_services_whole": false,
//              "net_namespace": ""}   (a namespace file, /run/netns/NAME; "": routerd's own)
// and a service may carry "persistence_engine": "sip" (Service::persistence_engine), written only
// when set, which the userspace forwarder refuses (capabilities.h).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "routerd/ipvs/table/table.h"

namespace routerd::ipvs {

// A refused table: the message names the offending field, e.g.
// "forwarding table: services[0].destinations[2].port: expected an integer 0..65535".
class TableError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

// With connection counters (what a forwarder's read() returns) or without (what apply() gets).
std::string to_json(const Table& table, bool with_counters = false);

// Parses a table and checks what holds whatever the forwarder: keys and types, addresses
// (written back in their canonical form), a service key that matches its address, no
// duplicate service or destination, flags that fit the scheduler, a persistence granularity,
// NAT within one address family. What one forwarder cannot run is capabilities.h's business.
// Throws TableError.
Table table_from_json(std::string_view text);

}  // namespace routerd::ipvs
