#include "garp_extra.hpp"

namespace routerd::vrrp {

std::vector<ExtraGarp> extra_garps(const InstanceConfig& instance,
                                   const std::set<std::string>& vmacs) {
    const std::string& own = instance.address_interface();
    const bool own_sends_adverts = !(instance.vmac && instance.vmac->xmit_base);
    std::vector<ExtraGarp> out;
    std::set<std::string> done;
    for (const VirtualAddress& vip : instance.addresses) {
        const std::string& dev = vip.dev.empty() ? own : vip.dev;
        if (!instance.garp.extra_if_all && !vmacs.contains(dev)) continue;
        if (dev == own && own_sends_adverts) continue;
        if (done.insert(dev).second) out.push_back({dev, vip});
    }
    return out;
}

}  // namespace routerd::vrrp
