#include "clean_up.hpp"

namespace routerd::vrrp {

void clean_up(Netlink& netlink, const std::vector<Installed>& leftovers, const Outputs& outputs) {
    for (const Installed& item : leftovers) {
        const auto interface = netlink.interface(item.dev);
        if (!interface) continue;
        std::optional<std::string> error;
        if (item.kind == "address") {
            const auto address = VirtualAddress::parse(item.what);
            if (!address) continue;
            error = netlink.remove_address(interface->index, *address);
        } else if (const auto route = VirtualRoute::parse(item.what)) {
            error = netlink.remove_route(interface->index, *route);
        }
        outputs.say(error ? kWarn : kInfo, "removed " + item.kind + " " + item.what + " on " +
                                               item.dev + " left behind by a previous run" +
                                               (error ? ": " + *error : ""));
        outputs.installed(item, false);
    }
}

}  // namespace routerd::vrrp
