#include "no_accept.hpp"

#include <algorithm>

namespace routerd::vrrp {
namespace {

template <class T>
void sort_unique(std::vector<T>& items) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
}

}  // namespace

void NoAccept::configure(const NoAcceptFirewall& firewall) {
    if (firewall_ == firewall) return;
    if (firewall_ && firewall_->table != firewall.table) {
        // The old table goes whole: an empty table is deleted.
        const NoAcceptTable old{*firewall_, {}};
        if (auto error = nftables_.write(old))
            outputs_.say(kError,
                         "cannot delete nftables table " + old.firewall.table + ": " + *error);
    }
    firewall_ = firewall;
    write();
}

void NoAccept::drop(const std::string& instance, const DroppedAddresses& addresses) {
    dropped_[instance] = addresses;
    outputs_.say(kInfo, instance +
                            ": no_accept: dropping what is addressed to or sent from its virtual "
                            "addresses (" +
                            std::to_string(addresses.size()) + ", nftables table inet " +
                            firewall_.value_or(NoAcceptFirewall{}).table + ")");
    write();
}

void NoAccept::allow(const std::string& instance) {
    if (dropped_.erase(instance) == 0) return;
    outputs_.say(kInfo,
                 instance + ": no_accept: no longer dropping its virtual addresses' traffic");
    write();
}

void NoAccept::write() {
    if (!firewall_) return;  // before the first configuration: it writes what is dropped then
    NoAcceptTable table;
    table.firewall = *firewall_;
    DroppedAddresses& all = table.dropped;
    for (const auto& [instance, addresses] : dropped_) {
        all.addresses.insert(all.addresses.end(), addresses.addresses.begin(),
                             addresses.addresses.end());
        all.link_local.insert(all.link_local.end(), addresses.link_local.begin(),
                              addresses.link_local.end());
    }
    // Two instances may share an address; each goes into its set once.
    sort_unique(all.addresses);
    sort_unique(all.link_local);
    std::optional<std::string> error = nftables_.write(table);
    if (error == failure_) return;
    failure_ = error;
    if (error) {
        outputs_.say(all.empty() ? kDebug : kError,
                     "no_accept: cannot write nftables table " + table.firewall.table + ": " +
                         *error +
                         (all.empty() ? ""
                                      : "; the virtual addresses of non-accepting "
                                        "masters receive their traffic"));
    } else if (!all.empty()) {
        outputs_.say(kInfo, "no_accept: nftables table " + table.firewall.table + " written again");
    }
}

}  // namespace routerd::vrrp
