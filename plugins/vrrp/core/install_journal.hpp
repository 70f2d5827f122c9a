// The record of what routerd put into the system (virtual and static addresses, routes, rules,
// VMACs), kept so that a crash at any instant leaves nothing the next start does not remove: an
// item is recorded, durably, before it is added, and forgotten only once its removal is confirmed.
// Pure: the record keeping (the store) and the changes themselves (netlink) are handed in.
#pragma once

#include <compare>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace routerd::vrrp {

// Something routerd put into (or took out of) the system, for crash clean-up.
struct Installed {
    // "address", "route", "rule", "link" (a VMAC on `dev`) or "arp" (`dev`'s arp_ignore and
    // arp_filter before its first VMAC: core/vmac.hpp ArpSettings)
    std::string kind;
    std::string dev;  // empty for a rule
    std::string
        what;  // "172.16.0.100/32", "10.0.0.0/8 via 172.16.0.1", "from 10.1.0.0/16 ...", "vrrp.51"
    auto operator<=>(const Installed&) const = default;
};

struct InstallRecords {
    // Synchronous: returns once every record would survive the process being killed (false
    // when they could not be made; the callee has said why).
    std::function<bool(const std::vector<Installed>&)> record;
    // May be queued: a record outliving its item only costs the next start a removal of
    // something already gone.
    std::function<void(const Installed&)> forget;
};

class InstallJournal {
  public:
    struct Change {
        Installed item;
        std::function<std::optional<std::string>()> run;  // nullopt once done, or why not
    };
    using Errors = std::vector<std::optional<std::string>>;  // one per change, in order

    explicit InstallJournal(InstallRecords records) : records_(std::move(records)) {}

    // Records the items this journal has not recorded yet, all at once, then runs each add.
    // An add that fails drops the record it just made (nothing was added); records that cannot
    // be made do not stop the adds (the addresses matter more than their clean-up).
    Errors add(const std::vector<Change>& adds);
    // Runs each removal; only once one succeeded (or found nothing to remove) is its item
    // forgotten. A failed removal keeps the record, so that the next start tries again.
    Errors remove(const std::vector<Change>& removals);

  private:
    InstallRecords records_;
    std::set<Installed> recorded_;  // by this journal and not forgotten since
};

}  // namespace routerd::vrrp
