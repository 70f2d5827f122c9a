// Crash clean-up: what a previous run recorded and did not remove (it died, or was killed
// with -9, even between recording an address and adding it) is removed at start-up, so that
// no stale VIP answers twice on the LAN.
#pragma once

#include <vector>

#include "install_journal.hpp"
#include "netlink.hpp"
#include "outputs.hpp"
#include "vmacs.hpp"

namespace routerd::vrrp {

// Removes each of `leftovers` (as the store recorded them) that is still there, through
// `journal`, which forgets each record once its item is gone. What sat on an interface that is
// gone went with it; a VMAC left behind (kind "link") is deleted through `vmacs`.
void clean_up(Netlink& netlink, Vmacs& vmacs, InstallJournal& journal,
              const std::vector<Installed>& leftovers, const Outputs& outputs);

}  // namespace routerd::vrrp
