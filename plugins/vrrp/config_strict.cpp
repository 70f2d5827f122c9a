#include "config_strict.hpp"

namespace routerd::vrrp {
namespace {

using sdk::Config;

constexpr std::uint8_t kOwner = 255;  // RFC 5798 §5.2.4: the address owner's priority

bool refuse(const Config& node, const std::string& why) {
    node.error("is not allowed in strict_mode: " + why);
    return false;
}

// The settings that Keepalived's strict mode forces (keepalived.conf(5) vrrp_strict): an explicit
// value that breaks the rule is refused, an unset one takes the RFC's.
bool apply_announce_rules(const Config& instance, InstanceConfig& c) {
    bool ok = true;
    // RFC 5798 §6.4.3: a master discards an advert of lower priority (sends nothing back) ...
    const Config no_advert = instance["lower_prio_no_advert"];
    if (no_advert.present() && !no_advert.boolean().value_or(true)) {
        ok = refuse(no_advert, "RFC 5798 §6.4.3 has a master discard lower-priority adverts");
    }
    c.machine.lower_prio_no_advert = true;
    // ... and steps down on a higher one without a last advert of its own.
    const Config send_advert = instance["higher_prio_send_advert"];
    if (send_advert.present() && send_advert.boolean().value_or(false)) {
        ok =
            refuse(send_advert,
                   "RFC 5798 §6.4.3 has a master step down on a higher priority without an advert");
    }
    c.machine.higher_prio_send_advert = false;
    // Keepalived: "Gratuitous ARP repeats cannot be enabled" (on a lower-priority advert). `c`
    // holds the instance's own values where it sets them.
    const Config repeat = instance["garp_lower_prio_repeat"];
    if (repeat.present() && c.garp.lower_prio_repeat != 0) {
        ok = refuse(repeat, "the RFCs send no gratuitous ARP on a lower-priority advert");
    }
    const Config delay = instance["garp_lower_prio_delay"];
    if (delay.present() && c.garp.lower_prio_delay.count() != 0) {
        ok = refuse(delay, "the RFCs send no gratuitous ARP on a lower-priority advert");
    }
    c.garp.lower_prio_repeat = 0;
    c.garp.lower_prio_delay = {};
    c.machine.garp_on_lower_prio = false;
    return ok;
}

}  // namespace

bool strict_mode_of(const Config& instance, bool strict_default) {
    return instance["strict_mode"].boolean().value_or(strict_default);
}

bool apply_strict_mode(const Config& instance, InstanceConfig& c) {
    bool ok = true;
    if (!c.params.unicast_peers.empty()) {
        ok = refuse(instance["unicast_peer"],
                    "RFC 5798 §5.1.1.2 sends adverts to the VRRP multicast group");
    }
    if (c.params.auth_type != AuthType::none) {
        ok = refuse(instance["authentication"], "RFC 5798 has no authentication (§9)");
    }
    if (c.family() == Family::ipv6 && c.params.version == Version::v2) {
        const Config version = instance["version"];
        (version.present() ? version : instance["strict_mode"])
            .error("IPv6 needs VRRPv3 in strict_mode (RFC 5798): set version = 3");
        ok = false;
    }
    if (c.family() == Family::ipv6 && !c.params.addresses.front().is_link_local()) {
        instance["virtual_ipaddress"].error(
            "must start with the virtual router's IPv6 link-local address in strict_mode (RFC "
            "5798 §5.2.9)");
        ok = false;
    }
    // RFC 5798 §6.4.1: only the address owner starts as master; unset, the state follows.
    const bool owner = c.machine.priority == kOwner;
    if (!instance["state"].present()) {
        c.machine.start_as_master = owner;
    } else if (c.machine.start_as_master != owner) {
        instance["state"].error(
            "must be MASTER exactly when priority is 255 in strict_mode (RFC 5798 §6.4.1)");
        ok = false;
    }
    if (c.vmac && c.vmac->xmit_base) {
        ok = refuse(instance["vmac_xmit_base"],
                    "RFC 5798 §7.3 sends adverts from the virtual router MAC address");
    }
    if (c.machine.preempt_delay.count() != 0) {
        ok = refuse(instance["preempt_delay"], "RFC 5798 has no preemption delay");
    }
    // RFC 5798 §6.1: Accept_Mode defaults to False (the owner always accepts); RFC 3768 §6.4.3
    // (VRRPv2) has no accept mode at all: a backup-turned-master must not accept packets
    // addressed to the virtual addresses.
    const bool accept_set = instance["accept"].present() || instance["no_accept"].present();
    if (!accept_set) c.accept = owner;
    if (accept_set && c.accept && !owner && c.params.version == Version::v2) {
        const Config accept =
            instance["accept"].present() ? instance["accept"] : instance["no_accept"];
        ok = refuse(accept,
                    "RFC 3768 (VRRPv2) has a non-owner master accept no packets for the "
                    "virtual addresses");
    }
    return apply_announce_rules(instance, c) && ok;
}

}  // namespace routerd::vrrp
