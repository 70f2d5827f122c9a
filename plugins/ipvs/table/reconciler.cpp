#include "routerd/ipvs/table/reconciler.h"

namespace routerd::ipvs {
namespace {

Service settings_of(const Service& s) {
    Service copy = s;
    copy.destinations.clear();
    return copy;
}

bool same_destination(const std::optional<Destination>& a, const std::optional<Destination>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || a->same_settings(*b);
}

}  // namespace

bool Change::operator==(const Change& o) const {
    return kind == o.kind && service.same_settings(o.service) &&
           same_destination(before, o.before) && same_destination(after, o.after);
}

std::string to_string(Change::Kind kind) {
    switch (kind) {
        case Change::Kind::add_service:
            return "add service";
        case Change::Kind::edit_service:
            return "edit service";
        case Change::Kind::remove_service:
            return "remove service";
        case Change::Kind::add_destination:
            return "add destination";
        case Change::Kind::edit_destination:
            return "edit destination";
        case Change::Kind::remove_destination:
            return "remove destination";
    }
    return "change";
}

std::vector<Change> reconcile(const Table& before, const Table& after) {
    using Kind = Change::Kind;
    std::vector<Change> changes;
    for (const Service& old_service : before.services) {
        if (after.find(old_service.key) != nullptr) continue;
        for (const Destination& d : old_service.destinations)
            changes.push_back({Kind::remove_destination, settings_of(old_service), d, {}});
        changes.push_back({Kind::remove_service, settings_of(old_service), {}, {}});
    }
    for (const Service& service : after.services) {
        const Service* old_service = before.find(service.key);
        const Service settings = settings_of(service);
        if (old_service == nullptr) {
            changes.push_back({Kind::add_service, settings, {}, {}});
        } else if (!old_service->same_settings(service)) {
            changes.push_back({Kind::edit_service, settings, {}, {}});
        }
        if (old_service != nullptr) {
            for (const Destination& d : old_service->destinations) {
                if (service.find(d.key()) == nullptr)
                    changes.push_back({Kind::remove_destination, settings, d, {}});
            }
        }
        for (const Destination& d : service.destinations) {
            const Destination* old_d = old_service ? old_service->find(d.key()) : nullptr;
            if (old_d == nullptr) {
                changes.push_back({Kind::add_destination, settings, {}, d});
            } else if (!old_d->same_settings(d)) {
                changes.push_back({Kind::edit_destination, settings, *old_d, d});
            }
        }
    }
    return changes;
}

}  // namespace routerd::ipvs
