#include "config_vmac.hpp"

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
    const Config xmit_base = node["vmac_xmit_base"];
    const std::uint8_t vrid = instance.params.vrid;
    Vmac vmac{vmac_name(prefix, vrid), virtual_router_mac(instance.family(), vrid),
              xmit_base.boolean().value_or(false)};
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
            vmac.name = use.string().value_or("");
            ok = check_name(use, vmac.name);
            break;
        case ROUTERD_CONFIG_TABLE:
            if (use["name"].present()) {
                vmac.name = use["name"].string().value_or("");
                ok = check_name(use["name"], vmac.name);
            }
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
