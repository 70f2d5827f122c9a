// keepalived.conf(5) use_vmac and use_ipvlan for the instances of one router, and the VMACs of
// their addresses (use_vmac_addr, an address's use_vmac: core/vmac.hpp AddressVmac): an
// instance's macvlans (or ipvlan) are made
// when it starts and deleted when it stops (a reload that hands a MASTER over keeps them),
// recorded in the install journal before it is made (kind "link"), so that the next start
// deletes one a crash left behind. The IPv4 settings are Keepalived's (vrrp_if_config.c): on
// the macvlan arp_ignore=1, accept_local=1, rp_filter=0, promote_secondaries=1; on the base
// interface, while a macvlan is on it, arp_ignore=1 and arp_filter=1, so that only the macvlan
// answers ARP for its addresses, with the virtual MAC; then back as they were (recorded in the
// journal too, kind "arp", so that the start after a crash puts them back). An ipvlan shares the
// base's MAC: none of these settings (Keepalived's netlink_link_add_ipvlan sets none). An IPv6
// macvlan answers no ARP (arp_ignore=8), unlike Keepalived's.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>

#include "install_journal.hpp"
#include "instance_config.hpp"
#include "ipv4_devconf.hpp"
#include "netlink.hpp"
#include "outputs.hpp"
#include "vmac_link.hpp"

namespace routerd::vrrp {

class Vmacs {
  public:
    Vmacs(Netlink& netlink, InstallJournal& journal, const Outputs& outputs)
        : netlink_(netlink), journal_(journal), outputs_(outputs) {}

    // `instance`'s macvlan (or ipvlan) on `base`, made (or found as it should be) and up; or why
    // not.
    std::variant<InterfaceInfo, std::string> create(const InstanceConfig& instance,
                                                    const InterfaceInfo& base);
    // `instance`'s `vmac` on `base` (its interface), made (or found as it should be) and up; or
    // why not.
    std::variant<InterfaceInfo, std::string> create(const std::string& instance,
                                                    const AddressVmac& vmac,
                                                    const InterfaceInfo& base);
    // Deletes `instance`'s macvlan (or ipvlan) on the base interface `base_ifindex`.
    void remove(const InstanceConfig& instance, int base_ifindex);
    // Deletes `instance`'s `vmac` on the base interface `base_ifindex`.
    void remove(const std::string& instance, const AddressVmac& vmac, int base_ifindex);
    // Crash clean-up: deletes the macvlan or ipvlan `name` a previous run left (never another
    // kind of interface). The error, or nullopt.
    std::optional<std::string> remove_leftover(const std::string& name);
    // Crash clean-up: puts `base`'s arp_ignore and arp_filter back as a previous run recorded
    // them (kind "arp", core/vmac.hpp ArpSettings). The error, or nullopt.
    std::optional<std::string> restore_leftover(const InterfaceInfo& base,
                                                const std::string& recorded);

  private:
    bool open(const std::string& instance);
    // Makes `spec` on `base` for `instance`, recorded in the journal first; a macvlan of
    // `family` IPv4 gets Keepalived's IPv4 settings.
    std::variant<InterfaceInfo, std::string> make(const std::string& instance,
                                                  const InterfaceInfo& base,
                                                  const VmacLinkSpec& spec, Family family);
    void drop(const std::string& instance, const std::string& base, const std::string& name,
              int base_ifindex);
    void hold_base(const std::string& instance, const InterfaceInfo& base, const std::string& vmac);
    void release_base(int base_ifindex, const std::string& vmac);
    std::optional<std::string> set_arp(int ifindex, const ArpSettings& settings);

    struct Base {
        std::set<std::string> vmacs;      // the macvlans on it now
        std::optional<Installed> record;  // its settings as they were, as recorded
    };
    Netlink& netlink_;
    InstallJournal& journal_;
    const Outputs& outputs_;
    std::unique_ptr<VmacLinks> links_;  // opened on first use
    std::unique_ptr<Ipv4DevConf> conf_;
    std::map<int, Base> bases_;  // by interface index
};

}  // namespace routerd::vrrp
