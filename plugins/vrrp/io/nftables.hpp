// Writes core/no_accept_table.hpp's table into the kernel through nfnetlink (NETLINK_NETFILTER)
// and reads back each message's answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "no_accept_table.hpp"

struct nl_sock;

namespace routerd::vrrp {

class Nftables {
  public:
    Nftables() = default;
    ~Nftables();
    Nftables(const Nftables&) = delete;
    Nftables& operator=(const Nftables&) = delete;

    // Makes the kernel's table `table.firewall.table` what `table` says, in one transaction. The
    // error in words ("Operation not permitted", "nf_tables is not available: ..."), or nullopt.
    std::optional<std::string> write(const NoAcceptTable& table);

  private:
    nl_sock* socket_ = nullptr;  // opened by the first write
    std::uint32_t sequence_ = 1;
    size_t send_buffer_ = 0;  // the largest batch the send buffer was set for
};

}  // namespace routerd::vrrp
