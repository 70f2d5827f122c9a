#include "addresses.hpp"

#include <set>

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

void Addresses::announce(const InstanceConfig& instance,
                         const std::optional<InterfaceInfo>& interface, unsigned repeat) {
    std::set<Lane*> touched;
    for (unsigned n = 0; n < repeat; ++n) {
        for (const VirtualAddress& vip : instance.addresses) {
            const std::string dev = vip.dev.empty() ? instance.address_interface() : vip.dev;
            const auto info =
                dev == instance.address_interface() ? interface : netlink_.interface(dev);
            if (!info) continue;
            auto& announcer = announcers_[dev];
            try {
                // A VMAC made again (a restart) has a new index.
                if (!announcer || announcer->ifindex() != info->index)
                    announcer = std::make_unique<Announcer>(dev, info->index);
            } catch (const std::exception& e) {
                outputs_.say(kError, instance.name + ": " + e.what());
                return;
            }
            auto& lane = lanes_[{dev, vip.address.family()}];
            if (!lane) {
                lane = std::make_unique<Lane>(io_);
                lane->queue.set_interval(interval(vip.address.family()));
            }
            lane->queue.push(Message{instance.name, dev, info->mac, vip.address});
            touched.insert(lane.get());
        }
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

void Addresses::set_pacing(Clock::duration garp_interval, Clock::duration gna_interval) {
    garp_interval_ = garp_interval;
    gna_interval_ = gna_interval;
    for (auto& [key, lane] : lanes_)
        lane->queue.set_interval(interval(key.second));
}

}  // namespace routerd::vrrp
