#include "config_vmac.hpp"
#include "config_addresses.hpp"

#include <algorithm>

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

// The prefix in `node`, or `fallback` when none is given.
std::optional<std::string> read_prefix(const Config& node, const std::string& fallback) {
    if (!node.present()) return fallback;
    const auto text = node.string();
    // The longest name the prefix makes ("PREFIX.255") must still be an interface name.
    if (!text || !check_name(node, vmac_name(*text, 255))) return std::nullopt;
    return text;
}

}  // namespace

std::optional<std::string> parse_vmac_prefix(const Config& vrrp) {
    return read_prefix(vrrp["vmac_prefix"], "vrrp");
}

std::optional<std::string> parse_vmac_addr_prefix(const Config& vrrp,
                                                  const std::string& vmac_prefix) {
    return read_prefix(vrrp["vmac_addr_prefix"], vmac_prefix);
}

void place_addresses(InstanceConfig& instance, const std::string& prefix,
                     std::set<std::string>& taken) {
    for (VirtualAddress& vip : instance.addresses) {
        const std::string base = vip.dev.empty() ? instance.interface : vip.dev;
        const Family family = vip.address.family();
        const bool own_interface = base == instance.interface;
        const bool own_family = family == instance.family();
        if (own_interface && own_family && instance.vmac) {
            vip.dev.clear();  // on its VMAC, even with a dev or a use_vmac of its own
            continue;
        }
        if (!vip.use_vmac && !(instance.use_vmac_addr && (!own_interface || !own_family))) {
            if (!own_family && instance.vmac) vip.dev = base;
            continue;
        }
        auto& vmacs = instance.address_vmacs;
        auto found = std::find_if(vmacs.begin(), vmacs.end(), [&](const AddressVmac& v) {
            return v.base == base && v.family == family;
        });
        if (found == vmacs.end()) {
            const std::uint8_t vrid = instance.params.vrid;
            const std::string name = address_vmac_name(prefix, family, vrid, taken);
            taken.insert(name);
            found = vmacs.insert(vmacs.end(),
                                 AddressVmac{name, base, family, virtual_router_mac(family, vrid)});
        }
        vip.dev = found->name;
    }
}

bool parse_vmac(const Config& node, const std::string& prefix, InstanceConfig& instance) {
    const Config use = node["use_vmac"];
    const Config ipvlan = node["use_ipvlan"];
    const Config xmit_base = node["vmac_xmit_base"];
    instance.use_vmac_addr = node["use_vmac_addr"].boolean().value_or(false);
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
