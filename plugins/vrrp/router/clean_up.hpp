// Crash clean-up: what a previous run installed and did not remove (it died, or was killed
// with -9) is removed at start-up, so that no stale VIP answers twice on the LAN.
#pragma once

#include <vector>

#include "netlink.hpp"
#include "outputs.hpp"

namespace routerd::vrrp {

// Removes each of `leftovers` (as the store recorded them) and reports it through
// Outputs::installed; what sat on an interface that is gone went with it.
void clean_up(Netlink& netlink, const std::vector<Installed>& leftovers, const Outputs& outputs);

}  // namespace routerd::vrrp
