#include "static_watch.hpp"

#include <algorithm>

namespace routerd::vrrp {

bool StaticWatch::watches_routes() const {
    auto watched = [](const auto& item) { return !item.no_track; };
    return std::any_of(statics_.routes.begin(), statics_.routes.end(), watched) ||
           std::any_of(statics_.rules.begin(), statics_.rules.end(), watched);
}

StaticItems StaticWatch::on_change(const KernelChange& change) {
    if (const auto* link = std::get_if<LinkState>(&change)) return link_state(*link);
    if (const auto* address = std::get_if<DeletedAddress>(&change))
        return deleted_address(*address);
    if (const auto* route = std::get_if<DeletedRoute>(&change)) return deleted_route(*route);
    return deleted_rule(std::get<DeletedRule>(change));
}

StaticItems StaticWatch::deleted_address(const DeletedAddress& deleted) const {
    StaticItems out;
    const auto name = names_.find(deleted.index);
    if (name == names_.end()) return out;
    for (const VirtualAddress& a : statics_.addresses) {
        if (!a.no_track && a.dev == name->second && a.address == deleted.address &&
            a.prefix == deleted.prefix) {
            out.addresses.push_back(a);
        }
    }
    return out;
}

StaticItems StaticWatch::deleted_route(const DeletedRoute& deleted) const {
    StaticItems out;
    for (const VirtualRoute& r : statics_.routes) {
        if (!r.no_track && r.destination == deleted.destination && r.prefix == deleted.prefix &&
            r.table == deleted.table && r.protocol == deleted.protocol && r.tos == deleted.tos &&
            static_cast<std::uint8_t>(r.type) == deleted.type) {
            out.routes.push_back(r);
        }
    }
    return out;
}

// Keepalived watches the rules it marks with its protocol (the no_track ones it leaves unmarked).
StaticItems StaticWatch::deleted_rule(const DeletedRule& deleted) const {
    StaticItems out;
    if (deleted.protocol != kProtocolKeepalived) return out;
    for (const VirtualRule& r : statics_.rules) {
        if (!r.no_track && r.family == deleted.family && r.from == deleted.from &&
            r.to == deleted.to && (!r.priority || r.priority == deleted.priority) &&
            r.table.value_or(0) == deleted.table) {
            out.rules.push_back(r);
        }
    }
    return out;
}

// Keepalived's interface_up(): the static addresses and routes on an interface that comes up
// (rules stay in the kernel while their interface is away). An interface first heard of up
// comes up: it was made since the router learned the others.
StaticItems StaticWatch::link_state(const LinkState& state) {
    StaticItems out;
    names_[state.index] = state.name;
    const auto before = up_.find(state.name);
    const bool was_up = before != up_.end() && before->second;
    up_[state.name] = state.up;
    if (!state.up || was_up) return out;
    for (const VirtualAddress& a : statics_.addresses) {
        if (!a.no_track && a.dev == state.name) out.addresses.push_back(a);
    }
    for (const VirtualRoute& r : statics_.routes) {
        if (!r.no_track && r.has_interface() && r.dev == state.name) out.routes.push_back(r);
    }
    return out;
}

}  // namespace routerd::vrrp
