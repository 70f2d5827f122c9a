#include "vmacs.hpp"

#include <linux/ip.h>

namespace routerd::vrrp {

bool Vmacs::open(const std::string& instance) {
    try {
        if (!links_) links_ = std::make_unique<VmacLinks>();
        if (!conf_) conf_ = std::make_unique<Ipv4DevConf>();
        return true;
    } catch (const std::exception& e) {
        outputs_.say(kError, instance + ": use_vmac/use_ipvlan: " + e.what());
        return false;
    }
}

std::variant<InterfaceInfo, std::string> Vmacs::create(const InstanceConfig& instance,
                                                       const InterfaceInfo& base) {
    const Vmac& vmac = *instance.vmac;
    VmacLinkSpec spec{vmac.name, base.index, vmac.mac, vmac.ipvlan, std::nullopt};
    // IPv6 adverts from the base's link-local address, unless an ipvlan has its own.
    if (instance.family() == Family::ipv6 && !(vmac.ipvlan && vmac.ipvlan->address))
        spec.link_local = base.link_local_ipv6;
    return make(instance.name, base, spec, instance.family());
}

// Keepalived 2.2.7 gives an IPv6 one the base's link-local address too.
std::variant<InterfaceInfo, std::string> Vmacs::create(const std::string& instance,
                                                       const AddressVmac& vmac,
                                                       const InterfaceInfo& base) {
    const bool ipv4 = vmac.family == Family::ipv4;
    const VmacLinkSpec spec{vmac.name, base.index, vmac.mac, std::nullopt,
                            ipv4 ? std::nullopt : base.link_local_ipv6};
    return make(instance, base, spec, vmac.family);
}

std::variant<InterfaceInfo, std::string> Vmacs::make(const std::string& instance,
                                                     const InterfaceInfo& base,
                                                     const VmacLinkSpec& spec, Family family) {
    if (!open(instance)) return std::string("rtnetlink cannot be opened");
    const Installed record{"link", base.name, spec.name};
    const InstallJournal::Errors errors =
        journal_.add({{record, [&] { return links_->create(spec); }}});
    if (errors.front()) return "cannot make its VMAC " + spec.name + ": " + *errors.front();
    const std::optional<InterfaceInfo> made = netlink_.interface(spec.name);
    if (!made) return "its VMAC " + spec.name + " vanished";
    if (spec.ipvlan) return *made;  // Keepalived sets none on an ipvlan
    // An IPv6 one answers no ARP (arp_ignore 8). Keepalived 2.2.7 leaves it at 0, and its IPv6
    // VMAC then answers ARP for the host's IPv4 addresses with the IPv6 virtual MAC.
    using Settings = std::vector<std::pair<int, std::uint32_t>>;
    const Settings settings = family == Family::ipv6
                                  ? Settings{{IPV4_DEVCONF_ARP_IGNORE, 8}}
                                  : Settings{{IPV4_DEVCONF_ARP_IGNORE, 1},
                                             {IPV4_DEVCONF_ACCEPT_LOCAL, 1},
                                             {IPV4_DEVCONF_RP_FILTER, 0},
                                             {IPV4_DEVCONF_PROMOTE_SECONDARIES, 1}};
    if (auto error = conf_->set(made->index, settings)) {
        outputs_.say(kWarn, instance + ": cannot set " + spec.name + "'s IPv4 settings: " + *error);
    }
    if (family == Family::ipv4) hold_base(instance, base, spec.name);
    return *made;
}

void Vmacs::remove(const InstanceConfig& instance, int base_ifindex) {
    drop(instance.name, instance.interface, instance.vmac->name, base_ifindex);
}

void Vmacs::remove(const std::string& instance, const AddressVmac& vmac, int base_ifindex) {
    drop(instance, vmac.base, vmac.name, base_ifindex);
}

void Vmacs::drop(const std::string& instance, const std::string& base, const std::string& name,
                 int base_ifindex) {
    if (!links_) return;
    release_base(base_ifindex, name);
    const InstallJournal::Errors errors =
        journal_.remove({{Installed{"link", base, name}, [&] { return links_->remove(name); }}});
    if (errors.front()) outputs_.say(kError, instance + ": " + *errors.front());
}

std::optional<std::string> Vmacs::remove_leftover(const std::string& name) {
    if (!open("clean-up")) return std::string("rtnetlink cannot be opened");
    return links_->remove(name);  // never deletes another kind of interface
}

std::optional<std::string> Vmacs::set_arp(int ifindex, const ArpSettings& settings) {
    return conf_->set(ifindex, {{IPV4_DEVCONF_ARP_IGNORE, settings.arp_ignore},
                                {IPV4_DEVCONF_ARPFILTER, settings.arp_filter}});
}

// The settings as they were are recorded before they change, so that the start after a
// crash puts them back (clean_up.cpp).
void Vmacs::hold_base(const std::string& instance, const InterfaceInfo& base,
                      const std::string& vmac) {
    Base& held = bases_[base.index];
    const bool first = held.vmacs.empty();
    held.vmacs.insert(vmac);
    if (!first) return;
    const auto ignore = conf_->get(base.index, IPV4_DEVCONF_ARP_IGNORE);
    const auto filter = conf_->get(base.index, IPV4_DEVCONF_ARPFILTER);
    if (!ignore || !filter) return;  // no IPv4 settings: nothing that could answer ARP
    const Installed record{"arp", base.name, arp_settings_text(ArpSettings{*ignore, *filter})};
    const InstallJournal::Errors errors =
        journal_.add({{record, [&] {
                           return set_arp(base.index, ArpSettings{1, 1});
                       }}});
    if (errors.front()) {
        outputs_.say(kWarn, instance + ": cannot set arp_ignore and arp_filter on its interface: " +
                                *errors.front());
        return;
    }
    held.record = record;
}

void Vmacs::release_base(int base_ifindex, const std::string& vmac) {
    const auto it = bases_.find(base_ifindex);
    if (it == bases_.end()) return;
    it->second.vmacs.erase(vmac);
    if (!it->second.vmacs.empty()) return;
    const std::optional<Installed> record = it->second.record;
    bases_.erase(it);
    if (!record) return;
    // An interface that is gone took its settings with it: no error, and the record goes.
    journal_.remove({{*record, [&]() -> std::optional<std::string> {
                          if (!netlink_.interface(record->dev)) return std::nullopt;
                          return set_arp(base_ifindex, *parse_arp_settings(record->what));
                      }}});
}

std::optional<std::string> Vmacs::restore_leftover(const InterfaceInfo& base,
                                                   const std::string& recorded) {
    const auto settings = parse_arp_settings(recorded);
    if (!settings) return "'" + recorded + "' is not arp_ignore=N arp_filter=N";
    if (!open("clean-up")) return std::string("rtnetlink cannot be opened");
    return set_arp(base.index, *settings);
}

}  // namespace routerd::vrrp
