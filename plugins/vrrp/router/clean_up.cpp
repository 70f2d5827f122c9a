#include "clean_up.hpp"

namespace routerd::vrrp {

namespace {

// Why `item` cannot be there any more, or nullopt when it may be.
std::optional<std::string> gone(Netlink& netlink, const Installed& item) {
    if (item.kind == "rule") {
        if (!VirtualRule::parse(item.what)) return "the record is not a rule";
        return std::nullopt;  // on no interface: removing one that is gone succeeds
    }
    if (item.kind == "route" && item.dev.empty()) {  // a blackhole (...) route: the same
        if (!VirtualRoute::parse(item.what)) return "the record is not a route";
        return std::nullopt;
    }
    const auto interface = netlink.interface(item.dev);
    if (!interface) return "its interface is gone";
    if (item.kind == "link") {
        if (!netlink.interface(item.what)) return "it is gone";
        return std::nullopt;
    }
    if (item.kind == "arp") return std::nullopt;
    if (item.kind == "address") {
        const auto address = VirtualAddress::parse(item.what);
        if (!address) return "the record is not an address";
        if (!netlink.has_address(interface->index, address->address)) return "it was never added";
    } else if (!VirtualRoute::parse(item.what)) {
        return "the record is not a route";
    }
    return std::nullopt;
}

std::optional<std::string> remove(Netlink& netlink, Vmacs& vmacs, const Installed& item) {
    if (item.kind == "link") return vmacs.remove_leftover(item.what);
    if (item.kind == "rule") return netlink.remove_rule(*VirtualRule::parse(item.what));
    if (item.kind == "arp") return vmacs.restore_leftover(*netlink.interface(item.dev), item.what);
    if (item.kind == "route" && item.dev.empty())
        return netlink.remove_route(0, *VirtualRoute::parse(item.what));
    const int index = netlink.interface(item.dev)->index;
    if (item.kind == "address")
        return netlink.remove_address(index, *VirtualAddress::parse(item.what));
    return netlink.remove_route(index, *VirtualRoute::parse(item.what));
}

}  // namespace

void clean_up(Netlink& netlink, Vmacs& vmacs, InstallJournal& journal,
              const std::vector<Installed>& leftovers, const Outputs& outputs) {
    for (const Installed& item : leftovers) {
        const std::string what =
            item.kind + " " + item.what + (item.dev.empty() ? "" : " on " + item.dev);
        if (const auto why = gone(netlink, item)) {
            journal.remove({{item, [] { return std::nullopt; }}});
            outputs.say(kDebug, "forgot the record of " + what + ": " + *why);
            continue;
        }
        const auto error =
            journal.remove({{item, [&] { return remove(netlink, vmacs, item); }}}).front();
        if (error) {
            outputs.say(kWarn, "cannot remove " + what + " left behind by a previous run: " +
                                   *error + " (the next start tries again)");
        } else {
            outputs.say(kInfo, "removed " + what + " left behind by a previous run");
        }
    }
}

}  // namespace routerd::vrrp
