#include "addresses.hpp"

#include <set>

#include "garp_extra.hpp"

namespace routerd::vrrp {

void Addresses::install(const Owner& owner, const Items& items, bool add) {
    auto index_of = [&](const std::string& dev) -> std::optional<int> {
        if (dev.empty() || dev == owner.interface) {
            if (owner.info) return owner.info->index;
        }
        if (auto info = netlink_.interface(dev.empty() ? owner.interface : dev)) {
            return info->index;
        }
        return std::nullopt;
    };
    // What is on an interface that is gone went with it: nothing to add, nothing to remove.
    std::vector<InstallJournal::Change> changes;
    auto change = [&](const std::string& kind, const std::string& dev, const std::string& what,
                      const std::optional<int>& index, auto apply) {
        Installed item{kind, dev, what};
        if (!index && add) {
            say_failed(owner.name, item, add, "no such interface");
        } else if (!index) {
            journal_.remove({{item, [] { return std::nullopt; }}});
        } else {
            changes.push_back({std::move(item), [apply, index = *index] { return apply(index); }});
        }
    };
    for (const VirtualAddress& vip : items.addresses) {
        change("address", vip.dev.empty() ? owner.interface : vip.dev, vip.text(),
               index_of(vip.dev), [this, vip, add](int index) {
                   return add ? netlink_.add_address(index, vip)
                              : netlink_.remove_address(index, vip);
               });
    }
    for (const VirtualRoute& route : items.routes) {
        auto apply = [this, route, add](int index) {
            return add ? netlink_.add_route(index, route) : netlink_.remove_route(index, route);
        };
        if (route.has_interface()) {
            change("route", route.dev.empty() ? owner.interface : route.dev, route.text(),
                   index_of(route.dev), apply);
        } else {
            changes.push_back({Installed{"route", "", route.text()}, [apply] { return apply(0); }});
        }
    }
    // A rule names its interfaces (iif, oif) and may name one that does not exist yet, as
    // `ip rule` allows: it sits on no interface, as a blackhole route does.
    for (const VirtualRule& rule : items.rules) {
        changes.push_back({Installed{"rule", "", rule.text()}, [this, rule, add] {
                               return add ? netlink_.add_rule(rule) : netlink_.remove_rule(rule);
                           }});
    }
    const InstallJournal::Errors errors = add ? journal_.add(changes) : journal_.remove(changes);
    for (size_t i = 0; i < changes.size(); ++i) {
        if (errors[i]) say_failed(owner.name, changes[i].item, add, *errors[i]);
    }
}

void Addresses::say_failed(const std::string& owner, const Installed& item, bool add,
                           const std::string& error) const {
    outputs_.say(kError, owner + ": cannot " + (add ? "add " : "remove ") + item.kind + " " +
                             item.what + (item.dev.empty() ? "" : " on " + item.dev) + ": " +
                             error);
}

Announcer* Addresses::announcer(const std::string& instance, const std::string& dev, int ifindex) {
    auto& announcer = announcers_[dev];
    try {
        // A VMAC made again (a restart) has a new index.
        if (!announcer || announcer->ifindex() != ifindex)
            announcer = std::make_unique<Announcer>(dev, ifindex);
    } catch (const std::exception& e) {
        outputs_.say(kError, instance + ": " + e.what());
        return nullptr;
    }
    return announcer.get();
}

void Addresses::queue(const InstanceConfig& instance, Message message, std::set<Lane*>& touched) {
    // keepalived.conf(5) garp_group: a VMAC is paced with its base interface.
    const GarpLane key = pacing_.lane(instance.base_of(message.dev), message.address.family());
    auto& lane = lanes_[key];
    if (!lane) {
        lane = std::make_unique<Lane>(io_);
        lane->queue.set_interval(pacing_.interval(key));
    }
    lane->queue.push(std::move(message));
    touched.insert(lane.get());
}

void Addresses::announce(const InstanceConfig& instance,
                         const std::optional<InterfaceInfo>& interface, unsigned repeat) {
    std::set<Lane*> touched;
    for (unsigned n = 0; n < repeat; ++n) {
        for (const VirtualAddress& vip : instance.addresses) {
            const std::string dev = vip.dev.empty() ? instance.address_interface() : vip.dev;
            const auto info =
                dev == instance.address_interface() ? interface : netlink_.interface(dev);
            if (!info) continue;
            if (!announcer(instance.name, dev, info->index)) return;
            queue(instance, Message{instance.name, dev, info->mac, vip.address}, touched);
        }
    }
    for (Lane* lane : touched)
        send_due(*lane);
}

void Addresses::announce_extra(const InstanceConfig& instance) {
    std::set<Lane*> touched;
    for (const ExtraGarp& garp : extra_garps(instance, vmacs_)) {
        const auto info = netlink_.interface(garp.dev);
        if (!info || !announcer(instance.name, garp.dev, info->index)) continue;
        queue(instance, Message{instance.name, garp.dev, info->mac, garp.address.address}, touched);
    }
    for (Lane* lane : touched)
        send_due(*lane);
}

void Addresses::send_due(Lane& lane) {
    for (const Message& m : lane.queue.take(Clock::now())) {
        if (auto error = announcers_.at(m.dev)->announce(m.mac, m.address)) {
            outputs_.say(announce_errors_, kWarn, m.instance + ": " + *error);
        }
    }
    const std::optional<TimePoint> next = lane.queue.next_deadline();
    if (!next) return;
    lane.timer.expires_at(*next);
    lane.timer.async_wait(lifetime_.guard([this, &lane](const boost::system::error_code& ec) {
        if (!ec) send_due(lane);
    }));
}

void Addresses::configure(const GarpPacingConfig& pacing, std::set<std::string> vmacs) {
    pacing_ = GarpPacing(pacing);
    vmacs_ = std::move(vmacs);
    for (auto& [key, lane] : lanes_)
        lane->queue.set_interval(pacing_.interval(key));
}

}  // namespace routerd::vrrp
