// Macvlan interfaces for keepalived.conf(5) use_vmac, through rtnetlink (libnl-route-3): made
// as Keepalived 2.2.7 makes them (mode private, the given MAC, no IPv6 address generated from
// it: RFC 5798 §7.4 wants adverts from the router's own link-local address), and deleted.
#pragma once

#include <optional>
#include <string>

#include "announce.hpp"
#include "types.hpp"

struct nl_sock;

namespace routerd::vrrp {

struct MacvlanSpec {
    std::string name;
    int base_ifindex = 0;
    MacAddress mac{};
    // IPv6: the base interface's link-local address, which the macvlan gets too (without DAD,
    // never preferred as a source for other traffic), to send adverts from as Keepalived does.
    std::optional<IpAddress> link_local;
};

// Errors are returned as text.
class Macvlans {
  public:
    Macvlans();  // throws std::runtime_error when rtnetlink cannot be opened
    ~Macvlans();
    Macvlans(const Macvlans&) = delete;
    Macvlans& operator=(const Macvlans&) = delete;

    // Makes `spec` and brings it up. A macvlan of that name on that base with that MAC is
    // taken as it is (a reload, a restart); one that differs is deleted and made again; an
    // interface of that name that is no macvlan is refused.
    std::optional<std::string> create(const MacvlanSpec& spec);
    // Deletes the macvlan `name`; an interface that is gone is no error, and one that is not a
    // macvlan is never deleted.
    std::optional<std::string> remove(const std::string& name);
    bool is_macvlan(const std::string& name);

  private:
    std::optional<std::string> add_link_local(int ifindex, const IpAddress& address);
    nl_sock* socket_;
};

}  // namespace routerd::vrrp
