#include "vmacs.hpp"

#include <linux/ip.h>

namespace routerd::vrrp {
namespace {

Installed link_record(const InstanceConfig& instance) {
    return Installed{"link", instance.interface, instance.vmac->name};
}

}  // namespace

bool Vmacs::open(const std::string& instance) {
    try {
        if (!macvlans_) macvlans_ = std::make_unique<Macvlans>();
        if (!conf_) conf_ = std::make_unique<Ipv4DevConf>();
        return true;
    } catch (const std::exception& e) {
        outputs_.say(kError, instance + ": use_vmac: " + e.what());
        return false;
    }
}

std::variant<InterfaceInfo, std::string> Vmacs::create(const InstanceConfig& instance,
                                                       const InterfaceInfo& base) {
    const Vmac& vmac = *instance.vmac;
    if (!open(instance.name)) return std::string("rtnetlink cannot be opened");
    MacvlanSpec spec{vmac.name, base.index, vmac.mac, std::nullopt};
    if (instance.family() == Family::ipv6) spec.link_local = base.link_local_ipv6;
    const InstallJournal::Errors errors =
        journal_.add({{link_record(instance), [&] { return macvlans_->create(spec); }}});
    if (errors.front()) return "cannot make its VMAC " + vmac.name + ": " + *errors.front();
    const std::optional<InterfaceInfo> made = netlink_.interface(vmac.name);
    if (!made) return "its VMAC " + vmac.name + " vanished";
    if (instance.family() == Family::ipv6) return *made;  // Keepalived sets IPv4's only
    if (auto error = conf_->set(made->index, {{IPV4_DEVCONF_ARP_IGNORE, 1},
                                              {IPV4_DEVCONF_ACCEPT_LOCAL, 1},
                                              {IPV4_DEVCONF_RP_FILTER, 0},
                                              {IPV4_DEVCONF_PROMOTE_SECONDARIES, 1}})) {
        outputs_.say(kWarn,
                     instance.name + ": cannot set " + vmac.name + "'s IPv4 settings: " + *error);
    }
    hold_base(instance.name, base.index, vmac.name);
    return *made;
}

void Vmacs::remove(const InstanceConfig& instance, int base_ifindex) {
    if (!macvlans_) return;
    release_base(base_ifindex, instance.vmac->name);
    const InstallJournal::Errors errors = journal_.remove(
        {{link_record(instance), [&] { return macvlans_->remove(instance.vmac->name); }}});
    if (errors.front()) outputs_.say(kError, instance.name + ": " + *errors.front());
}

std::optional<std::string> Vmacs::remove_leftover(const std::string& name) {
    if (!open("clean-up")) return std::string("rtnetlink cannot be opened");
    if (!macvlans_->is_macvlan(name)) return name + " is not a macvlan: left alone";
    return macvlans_->remove(name);
}

void Vmacs::hold_base(const std::string& instance, int base_ifindex, const std::string& vmac) {
    Base& base = bases_[base_ifindex];
    const bool first = base.vmacs.empty();
    base.vmacs.insert(vmac);
    if (!first) return;
    base.arp_ignore = conf_->get(base_ifindex, IPV4_DEVCONF_ARP_IGNORE);
    base.arp_filter = conf_->get(base_ifindex, IPV4_DEVCONF_ARPFILTER);
    if (auto error =
            conf_->set(base_ifindex, {{IPV4_DEVCONF_ARP_IGNORE, 1}, {IPV4_DEVCONF_ARPFILTER, 1}})) {
        outputs_.say(
            kWarn, instance + ": cannot set arp_ignore and arp_filter on its interface: " + *error);
    }
}

void Vmacs::release_base(int base_ifindex, const std::string& vmac) {
    const auto it = bases_.find(base_ifindex);
    if (it == bases_.end()) return;
    it->second.vmacs.erase(vmac);
    if (!it->second.vmacs.empty()) return;
    std::vector<std::pair<int, std::uint32_t>> restore;
    if (it->second.arp_ignore) restore.push_back({IPV4_DEVCONF_ARP_IGNORE, *it->second.arp_ignore});
    if (it->second.arp_filter) restore.push_back({IPV4_DEVCONF_ARPFILTER, *it->second.arp_filter});
    bases_.erase(it);
    // An interface that is gone took its settings with it: the error is of no interest.
    if (!restore.empty()) conf_->set(base_ifindex, restore);
}

}  // namespace routerd::vrrp
