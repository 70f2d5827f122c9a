// keepalived.conf(5) promote_secondaries: while an instance that sets it runs, the IPv4
// promote_secondaries flag of its interface is on, so that removing one address of a subnet
// (a VIP that was the first there) does not take the others with it; when the last such
// instance on the interface stops, the flag goes back to what it was, as Keepalived does.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "ipv4_devconf.hpp"
#include "outputs.hpp"

namespace routerd::vrrp {

class PromoteSecondaries {
  public:
    explicit PromoteSecondaries(const Outputs& outputs) : outputs_(outputs) {}

    // `instance` runs on the interface with index `ifindex`, and wants the flag on.
    void hold(const std::string& instance, int ifindex);
    // The same instance stops.
    void release(int ifindex);

  private:
    struct Held {
        unsigned holders = 0;
        bool was_on = false;
    };
    const Outputs& outputs_;
    std::unique_ptr<Ipv4DevConf> conf_;  // opened on first use
    std::map<int, Held> held_;           // by interface index
};

}  // namespace routerd::vrrp
