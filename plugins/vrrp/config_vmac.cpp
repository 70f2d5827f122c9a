#include "config_vmac.hpp"
#include "config_addresses.hpp"

namespace routerd::vrrp {
namespace {

using sdk::Config;

bool check_name(const Config& node, const std::string& name) {
    if (const auto error = interface_name_error(name)) {
        node.error("'" + name + "' " + *error);
        return false;
    }
    return true;
}

// The link's name, from use_vmac's or use_ipvlan's string or its table's `name`.
bool take_name(const Config& node, Vmac& vmac) {
    vmac.name = node.string().value_or("");
    return check_name(node, vmac.name);
}

// Set, and not to false.
bool asks_for(const Config& key) {
    if (key.type() == ROUTERD_CONFIG_BOOLEAN) return key.boolean().value_or(false);
    return key.present();
}

// use_ipvlan = true | "NAME" | { name = "NAME", address = "IP/PREFIX", mode = "bridge" }.
bool parse_ipvlan(const Config& use, Vmac& vmac, Family family) {
    Ipvlan ipvlan;
    bool ok = true;
    switch (use.type()) {
        case ROUTERD_CONFIG_BOOLEAN:
            break;
        case ROUTERD_CONFIG_STRING:
            ok = take_name(use, vmac);
            break;
        case ROUTERD_CONFIG_TABLE:
            if (use["name"].present()) ok = take_name(use["name"], vmac);
            if (const Config mode = use["mode"]; mode.present()) {
                const auto name = mode.one_of({"bridge", "private", "vepa"});
                ok = name.has_value() && ok;
                ipvlan.mode = name == "private" ? IpvlanMode::private_mode
                              : name == "vepa"  ? IpvlanMode::vepa
                                                : IpvlanMode::bridge;
            }
            if (const Config address = use["address"]; address.present()) {
                const auto cidr = parse_cidr(address);
                if (cidr && cidr->first.family() != family) {
                    address.error("'" + cidr->first.to_string() +
                                  "' is not of the instance's address family");
                    ok = false;
                } else if (cidr) {
                    ipvlan.address = VirtualAddress{};
                    ipvlan.address->address = cidr->first;
                    ipvlan.address->prefix = cidr->second;
                }
                ok = cidr.has_value() && ok;
            }
            break;
        default:
            use.error(
                "is true, an interface name, or { name = \"...\", address = \"...\", mode = "
                "\"...\" }");
            return false;
    }
    // keepalived.conf(5): "For IPv4 instances, an IP address is required, for IPv6 the
    // address is optional, in which case the link local address will be used."
    if (ok && family == Family::ipv4 && !ipvlan.address) {
        use.error(
            "needs an address for an IPv4 instance: { address = \"IP/PREFIX\" } "
            "(keepalived.conf(5))");
        ok = false;
    }
    vmac.ipvlan = ipvlan;
    return ok;
}

}  // namespace

std::optional<std::string> parse_vmac_prefix(const Config& vrrp) {
    const Config prefix = vrrp["vmac_prefix"];
    if (!prefix.present()) return "vrrp";
    const auto text = prefix.string();
    // The longest name the prefix makes ("PREFIX.255") must still be an interface name.
    if (!text || !check_name(prefix, vmac_name(*text, 255))) return std::nullopt;
    return text;
}

bool parse_vmac(const Config& node, const std::string& prefix, InstanceConfig& instance) {
    const Config use = node["use_vmac"];
    const Config ipvlan = node["use_ipvlan"];
    const Config xmit_base = node["vmac_xmit_base"];
    const std::uint8_t vrid = instance.params.vrid;
    Vmac vmac{vmac_name(prefix, vrid), virtual_router_mac(instance.family(), vrid),
              xmit_base.boolean().value_or(false), std::nullopt};
    if (asks_for(ipvlan)) {
        if (asks_for(use)) {
            ipvlan.error("and use_vmac are two kinds of one interface: give one of them");
            return false;
        }
        if (vmac.xmit_base) {
            xmit_base.error("is for use_vmac: an ipvlan has the interface's own MAC");
            return false;
        }
        if (!parse_ipvlan(ipvlan, vmac, instance.family())) return false;
        if (vmac.name == instance.interface) {
            ipvlan.error("'" + vmac.name + "' is the instance's own interface");
            return false;
        }
        // Keepalived sends the adverts from the ipvlan's address unless a source is given.
        if (vmac.ipvlan->address && !instance.unicast_source)
            instance.unicast_source = vmac.ipvlan->address->address;
        instance.vmac = vmac;
        return true;
    }
    bool on = true;
    bool ok = true;
    switch (use.type()) {
        case ROUTERD_CONFIG_NONE:
            on = false;
            break;
        case ROUTERD_CONFIG_BOOLEAN:
            on = use.boolean().value_or(false);
            break;
        case ROUTERD_CONFIG_STRING:
            ok = take_name(use, vmac);
            break;
        case ROUTERD_CONFIG_TABLE:
            if (use["name"].present()) ok = take_name(use["name"], vmac);
            if (const Config mac = use["mac"]; mac.present()) {
                const std::string text = mac.string().value_or("");
                const auto parsed = parse_vmac_address(text, vrid);
                if (!parsed) {
                    mac.error("'" + text +
                              "' is not a unicast MAC address (six octets, or five and the "
                              "VRID)");
                    ok = false;
                }
                vmac.mac = parsed.value_or(vmac.mac);
            }
            break;
        default:
            use.error("is true, an interface name, or { name = \"...\", mac = \"...\" }");
            return false;
    }
    if (!on) {
        if (vmac.xmit_base) {
            xmit_base.error(
                "needs use_vmac: the adverts go out on the instance's interface "
                "anyway");
            return false;
        }
        return true;
    }
    if (vmac.name == instance.interface) {
        use.error("'" + vmac.name + "' is the instance's own interface");
        ok = false;
    }
    // keepalived.conf(5): "If using use_vmac with unicast peers, vmac_xmit_base must be set."
    if (instance.params.unicast() && !vmac.xmit_base) {
        use.error("with unicast_peer needs vmac_xmit_base = true (keepalived.conf(5))");
        ok = false;
    }
    instance.vmac = vmac;
    return ok;
}

}  // namespace routerd::vrrp
