// keepalived.conf(5) no_accept: "unless the vrrp_instance has priority 255, the system will not
// receive packets addressed to the VIPs/eVIPs, and the VIPs/eVIPs can only be used for routeing
// purposes" (RFC 5798 §6.1 Accept_Mode False; RFC 3768 §6.4.3 for VRRPv2). As Keepalived does
// with nftables, routerd drops, in an nf_tables table of its own, what is addressed to (input)
// or sent from (output) the virtual addresses of each non-accepting MASTER, except IPv6
// neighbour discovery, which must reach the addresses for neighbours to find them. A link-local
// address is matched with its interface (the same one can be on other links).
//
// The table is written whole, in one nf_tables transaction that deletes it and makes it again
// (or only deletes it when nothing is dropped): packets see the old rules or the new ones,
// never a table half made, and a table left by a routerd killed with SIGKILL goes at the next
// write. Pure: bytes out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "types.hpp"

namespace routerd::vrrp {

// keepalived.conf(5) global_defs nftables [TABLENAME], nftables_priority and
// nftables_counters: routerd's table (an inet one), the priority of its input and output hooks
// (-1: before the usual filter chains; Keepalived's default too), and whether each drop rule
// counts what it drops (`nft list table inet routerd` shows the counts).
struct NoAcceptFirewall {
    std::string table = "routerd";
    std::int32_t priority = -1;
    bool counters = false;
    bool operator==(const NoAcceptFirewall&) const = default;
};

// The addresses whose traffic is dropped.
struct DroppedAddresses {
    struct LinkLocal {
        IpAddress address;
        std::uint32_t ifindex = 0;
        auto operator<=>(const LinkLocal&) const = default;
    };
    std::vector<IpAddress> addresses;  // IPv4 and global IPv6
    std::vector<LinkLocal> link_local;

    bool empty() const { return addresses.empty() && link_local.empty(); }
    size_t size() const { return addresses.size() + link_local.size(); }
};

struct NoAcceptTable {
    NoAcceptFirewall firewall;
    DroppedAddresses dropped;
};

// The nfnetlink batch (one buffer: BATCH_BEGIN, the nf_tables messages, BATCH_END) that makes
// the kernel's table `table.firewall.table` what `table` says. The messages are numbered from
// `sequence`; each asks for an acknowledgement. `commands` gets how many messages answer (all but
// the two batch markers).
std::vector<std::uint8_t> no_accept_batch(const NoAcceptTable& table, std::uint32_t sequence,
                                          std::uint32_t& commands);

}  // namespace routerd::vrrp
