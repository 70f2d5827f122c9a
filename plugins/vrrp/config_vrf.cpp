#include "config_vrf.hpp"

namespace routerd::vrrp {

using sdk::Config;

bool parse_interface_or_vrf(const Config& node, InstanceConfig& instance) {
    const Config interface = node["interface"];
    const Config vrf = node["vrf"];
    if (vrf.present() && interface.present()) {
        vrf.error(
            "is for an instance without interface (keepalived.conf(5)): an interface's VRF is "
            "its own");
        return false;
    }
    const Config given = vrf.present() ? vrf : interface;
    if (!given.present()) {
        interface.error("is required (or vrf, for a unicast instance)");
        return false;
    }
    const auto name = given.string();
    instance.interface = name.value_or("");
    instance.vrf = vrf.present();
    return name.has_value();
}

bool check_vrf(const Config& node, const InstanceConfig& instance) {
    if (!instance.vrf) return true;
    const Config vrf = node["vrf"];
    bool ok = true;
    const auto refuse = [&](const std::string& why) {
        vrf.error(why);
        ok = false;
    };
    if (!instance.params.unicast()) refuse("needs unicast_peer: a VRF is for unicast instances");
    if (!instance.unicast_source)
        refuse("needs unicast_src_ip: the VRF's device has no address to send adverts from");
    if (instance.vmac) refuse("cannot have use_vmac or use_ipvlan: they need an interface");
    if (instance.track_source) refuse("cannot have track_src_ip: there is no interface to track");
    for (const VirtualAddress& vip : instance.addresses) {
        if (vip.dev.empty())
            refuse("needs a dev for " + vip.text() + ": the instance has no interface");
    }
    for (const VirtualRoute& route : instance.routes) {
        if (route.dev.empty())
            refuse("needs a dev for the route " + route.text() + ": the instance has no interface");
    }
    return ok;
}

}  // namespace routerd::vrrp
