// keepalived.conf(5) no_accept (core/no_accept_table.hpp): the virtual addresses of each
// non-accepting MASTER, kept in routerd's nf_tables table. An instance's addresses go in when
// it adds them and out when it removes them; the table is written again at each change, and
// deleted when no instance drops anything (also at the first configuration, which removes the
// table a routerd killed with SIGKILL left).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nftables.hpp"
#include "outputs.hpp"

namespace routerd::vrrp {

class NoAccept {
  public:
    explicit NoAccept(const Outputs& outputs) : outputs_(outputs) {}

    // The table's name, hooks' priority and counters; the first call, or a change, writes the table
    // (under a new name, the old one is deleted).
    void configure(const NoAcceptFirewall& firewall);
    // `instance` drops what is addressed to or sent from `addresses` (link-local ones on their
    // interface) from now on.
    void drop(const std::string& instance, const DroppedAddresses& addresses);
    // `instance` drops nothing any more.
    void allow(const std::string& instance);

  private:
    // Writes the union of every instance's addresses; a failure is said (only at debug level
    // when nothing is to be dropped: a kernel without nf_tables then needs no table).
    void write();

    const Outputs& outputs_;
    Nftables nftables_;
    std::optional<NoAcceptFirewall> firewall_;         // unset until configured
    std::map<std::string, DroppedAddresses> dropped_;  // by instance
    std::optional<std::string> failure_;  // the last write's, said once until it changes
};

}  // namespace routerd::vrrp
