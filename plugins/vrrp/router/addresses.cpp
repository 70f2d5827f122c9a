#include "addresses.hpp"

namespace routerd::vrrp {

void Addresses::install(const InstanceConfig& instance,
                        const std::optional<InterfaceInfo>& interface,
                        std::span<const VirtualAddress> addresses,
                        std::span<const VirtualRoute> routes, bool add) {
    auto index_of = [&](const std::string& dev) -> std::optional<int> {
        if (dev.empty() || dev == instance.interface) {
            if (interface) return interface->index;
        }
        if (auto info = netlink_.interface(dev.empty() ? instance.interface : dev)) {
            return info->index;
        }
        return std::nullopt;
    };
    auto report = [&](const std::string& kind, const std::string& dev, const std::string& what,
                      const std::optional<std::string>& error) {
        if (error) {
            outputs_.say(kError, instance.name + ": cannot " + (add ? "add " : "remove ") + kind +
                                     " " + what + " on " + dev + ": " + *error);
            return;
        }
        outputs_.installed(Installed{kind, dev, what}, add);
    };
    for (const VirtualAddress& vip : addresses) {
        const std::string dev = vip.dev.empty() ? instance.interface : vip.dev;
        const auto index = index_of(vip.dev);
        if (!index) {
            report("address", dev, vip.text(), "no such interface");
            continue;
        }
        report("address", dev, vip.text(),
               add ? netlink_.add_address(*index, vip) : netlink_.remove_address(*index, vip));
    }
    for (const VirtualRoute& route : routes) {
        const std::string dev = route.dev.empty() ? instance.interface : route.dev;
        const auto index = index_of(route.dev);
        if (!index) {
            report("route", dev, route.text(), "no such interface");
            continue;
        }
        report("route", dev, route.text(),
               add ? netlink_.add_route(*index, route) : netlink_.remove_route(*index, route));
    }
}

void Addresses::announce(const InstanceConfig& instance,
                         const std::optional<InterfaceInfo>& interface, unsigned repeat) {
    for (unsigned n = 0; n < repeat; ++n) {
        for (const VirtualAddress& vip : instance.addresses) {
            const std::string dev = vip.dev.empty() ? instance.interface : vip.dev;
            const auto info = dev == instance.interface ? interface : netlink_.interface(dev);
            if (!info) continue;
            auto& announcer = announcers_[dev];
            try {
                if (!announcer) announcer = std::make_unique<Announcer>(dev, info->index);
            } catch (const std::exception& e) {
                outputs_.say(kError, instance.name + ": " + e.what());
                return;
            }
            if (auto error = announcer->announce(info->mac, vip.address)) {
                outputs_.say(announce_errors_, kWarn, instance.name + ": " + *error);
            }
        }
    }
}

}  // namespace routerd::vrrp
