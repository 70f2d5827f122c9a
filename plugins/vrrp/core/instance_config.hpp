// One vrrp_instance and one vrrp_sync_group as configured (keepalived.conf(5) gives the meaning
// of each option). Plain data, so that the pure cores (the reload plan) can reason about it;
// config.hpp reads it from [vrrp].
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "garp_schedule.hpp"
#include "machine.hpp"
#include "packet.hpp"
#include "priority.hpp"
#include "virtual_address.hpp"
#include "virtual_rule.hpp"
#include "vmac.hpp"

namespace routerd::vrrp {

// A tracked object named in an instance; weight unset = Keepalived's default for the kind.
struct TrackRef {
    TrackKind kind = TrackKind::interface;
    std::string name;
    std::optional<int> weight;
    bool reverse = false;
    // Why it is tracked when the instance does not list it itself: "track_group G1"
    // (config_track_group.hpp), shown in the FAULT reason.
    std::string by;
    bool operator==(const TrackRef&) const = default;
};

struct NotifyScripts {
    std::string master, backup, fault, stop, generic;  // command lines; empty = none
    // Instances only: notify_deleted's script and notify_master_rx_lower_pri.
    std::string deleted, master_rx_lower_pri;
    bool operator==(const NotifyScripts&) const = default;
};

struct InstanceConfig {
    std::string name;
    std::string interface;
    // keepalived.conf(5) vrf: `interface` names the VRF's master device, to which the VRRP
    // socket is bound; the instance has no interface of its own (config_vrf.hpp).
    bool vrf = false;
    InstanceParams params;  // version, VRID, auth, interval, advertised addresses, unicast
    MachineConfig machine;  // priority, initial state, preemption (primary address: at start)
    std::vector<VirtualAddress> addresses;  // virtual_ipaddress, then virtual_ipaddress_excluded
    std::vector<VirtualRoute> routes;
    std::vector<VirtualRule> rules;  // virtual_rules
    std::optional<IpAddress> unicast_source;
    // keepalived.conf(5) track_src_ip: FAULT while unicast_source is not on the interface.
    bool track_source = false;
    // keepalived.conf(5) unicast_fault_no_peer with an empty unicast_peer list: FAULT, where
    // Keepalived would otherwise fall back to multicast.
    bool fault_no_peer = false;
    GarpConfig garp;  // when and how often a master announces its addresses
    NotifyScripts notify;
    // keepalived.conf(5): MASTER_PRIORITY / BACKUP_PRIORITY lines on the notify FIFOs when the
    // effective priority changes.
    bool notify_priority_changes = false;
    // keepalived.conf(5) notify_deleted: an instance that a reload deletes notifies DELETED
    // (and runs the script it names) instead of STOP.
    bool notify_deleted = false;
    std::optional<bool> smtp_alert;
    bool accept = true;
    // keepalived.conf(5) dont_track_primary: "ignore VRRP interface faults": the interface
    // going down or losing its carrier is no FAULT (its absence still is: nothing to send on).
    bool dont_track_primary = false;
    bool promote_secondaries = false;  // on the interface while the instance runs
    std::vector<TrackRef> tracks;
    std::optional<Vmac> vmac;  // use_vmac (core/vmac.hpp)
    // keepalived.conf(5) use_vmac_addr: every virtual address on another interface than
    // `interface`, or of the other family, goes on an AddressVmac.
    bool use_vmac_addr = false;
    // The VMACs its virtual addresses are on (use_vmac_addr, an address's use_vmac), made when
    // it starts and deleted when it stops, as its own VMAC is; each address's dev names its one.
    std::vector<AddressVmac> address_vmacs;

    Family family() const { return params.addresses.front().family(); }
    // Where the virtual addresses (and routes) with no dev of their own go: the VMAC if any.
    const std::string& address_interface() const { return vmac ? vmac->name : interface; }
    // Where adverts leave and arrive: the VMAC, unless vmac_xmit_base.
    const std::string& advert_interface() const {
        return vmac && !vmac->xmit_base ? vmac->name : interface;
    }
    // The interface that `dev` is on: the base of its VMAC or of an address's, or itself.
    const std::string& base_of(const std::string& dev) const {
        if (vmac && dev == vmac->name) return interface;
        for (const AddressVmac& own : address_vmacs) {
            if (dev == own.name) return own.base;
        }
        return dev;
    }
    bool operator==(const InstanceConfig&) const = default;
};

struct SyncGroupConfig {
    std::string name;
    std::vector<std::string> members;
    NotifyScripts notify;
    std::optional<bool> smtp_alert;
    std::vector<TrackRef> tracks;  // applied to every member
    bool tracking_weight = false;  // sync_group_tracking_weight: members keep their weights
    // keepalived.conf(5): the notify_priority_changes of members that set none themselves.
    std::optional<bool> notify_priority_changes;
    bool operator==(const SyncGroupConfig&) const = default;
};

}  // namespace routerd::vrrp
