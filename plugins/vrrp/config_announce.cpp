#include "config_announce.hpp"

#include <map>

#include "config_addresses.hpp"

namespace routerd::vrrp {
namespace {

using sdk::Config;
using std::chrono::seconds;

constexpr auto kDay = seconds(86400);

// A duration key in [0, max] into `out` (left as it is when absent); false after reporting a
// problem.
bool read_duration(const Config& node, Clock::duration max, const std::string& max_text,
                   Clock::duration& out) {
    if (!node.present()) return true;
    const auto value = node.duration();
    if (!value) return false;
    if (*value > max) {
        node.error("is above " + max_text);
        return false;
    }
    out = std::chrono::duration_cast<Clock::duration>(*value);
    return true;
}

bool read_count(const Config& node, unsigned min, unsigned& out) {
    if (!node.present()) return true;
    const auto value = node.integer(min, 255);
    if (value) out = static_cast<unsigned>(*value);
    return value.has_value();
}

bool read_flag(const Config& node, bool& out) {
    if (!node.present()) return true;
    const auto value = node.boolean();
    if (value) out = *value;
    return value.has_value();
}

// The keys an instance and [vrrp] share: the garp schedule and the answers to other masters.
// Keepalived's own lower-priority defaults follow the master ones at the global level
// (keepalived.conf(5): "default: vrrp_garp_master_delay / vrrp_garp_master_repeat").
bool read_shared(const Config& node, bool lower_follows_master, AnnounceDefaults& out) {
    GarpConfig& g = out.garp;
    bool ok = read_duration(node["garp_master_delay"], kDay, "1 day", g.master_delay);
    ok = read_count(node["garp_master_repeat"], 1, g.master_repeat) && ok;
    ok = read_duration(node["garp_master_refresh"], kDay, "1 day", g.master_refresh) && ok;
    ok = read_count(node["garp_master_refresh_repeat"], 1, g.master_refresh_repeat) && ok;
    if (lower_follows_master) {
        g.lower_prio_delay = g.master_delay;
        g.lower_prio_repeat = g.master_repeat;
    }
    ok = read_duration(node["garp_lower_prio_delay"], kDay, "1 day", g.lower_prio_delay) && ok;
    ok = read_count(node["garp_lower_prio_repeat"], 0, g.lower_prio_repeat) && ok;
    ok = read_duration(node["garp_extra_if"], kDay, "1 day", g.extra_if_interval) && ok;
    ok = read_flag(node["garp_extra_if_all"], g.extra_if_all) && ok;
    ok = read_flag(node["lower_prio_no_advert"], out.lower_prio_no_advert) && ok;
    ok = read_flag(node["higher_prio_send_advert"], out.higher_prio_send_advert) && ok;
    return ok;
}

// mcast_group4 / mcast_group6: a multicast address of the family; IPv6 link-local scope
// (keepalived.conf(5): "IPv6 multicast addresses must be link-local, i.e. start ffX2").
bool read_group(const Config& node, Family family, std::optional<IpAddress>& out) {
    if (!node.present()) return true;
    const auto address = parse_address(node);
    if (!address) return false;
    if (address->family() != family || !address->is_multicast()) {
        node.error(family == Family::ipv4 ? "must be an IPv4 multicast address (224.0.0.0/4)"
                                          : "must be an IPv6 multicast address (ff00::/8)");
        return false;
    }
    if (family == Family::ipv6 && (address->bytes()[1] & 0x0f) != 2) {
        node.error("must be a link-local multicast address (ffX2::/16), as VRRP stays on its link");
        return false;
    }
    out = address;
    return true;
}

// [[vrrp.garp_group]] (keepalived.conf(5) garp_group): garp_interval and/or gna_interval, and
// the interfaces they pace together. An interface is in one group at most.
bool read_garp_groups(const Config& groups, std::vector<GarpGroup>& out) {
    bool ok = true;
    std::map<std::string, size_t> group_of;  // interface -> group number, from 1
    for (const Config& node : groups.items()) {
        if (node.type() != ROUTERD_CONFIG_TABLE) {
            node.error("expected a table: garp_interval, gna_interval, interfaces");
            ok = false;
            continue;
        }
        GarpGroup group;
        const Config garp = node["garp_interval"], gna = node["gna_interval"];
        ok = read_duration(garp, seconds(1), "1s", group.garp_interval) && ok;
        ok = read_duration(gna, seconds(1), "1s", group.gna_interval) && ok;
        if (!garp.present() && !gna.present()) {
            // Keepalived removes such a group ("does not have any delay set").
            node.error("needs garp_interval or gna_interval");
            ok = false;
        }
        const Config interfaces = node["interfaces"];
        for (const Config& item : interfaces.items()) {
            const std::optional<std::string> name = item.string();
            if (!name || name->empty()) {
                if (name) item.error("is empty");
                ok = false;
                continue;
            }
            const auto [other, fresh] = group_of.emplace(*name, out.size() + 1);
            if (!fresh) {
                item.error("'" + *name + "' is already in garp_group " +
                           std::to_string(other->second));
                ok = false;
                continue;
            }
            group.interfaces.push_back(*name);
        }
        if (!interfaces.present()) {
            interfaces.error("is required: the interfaces the intervals apply to");
            ok = false;
        }
        out.push_back(std::move(group));
    }
    return ok;
}

}  // namespace

std::optional<AnnounceDefaults> parse_announce_defaults(const Config& vrrp) {
    AnnounceDefaults d;
    // keepalived.conf(5) vrrp_min_garp: one message, no second set 5 s later; the other keys
    // still override it.
    bool min_garp = false;
    bool ok = read_flag(vrrp["min_garp"], min_garp);
    if (min_garp) {
        d.garp.master_repeat = 1;
        d.garp.master_delay = {};
    }
    ok = read_shared(vrrp, true, d) && ok;
    ok = read_duration(vrrp["garp_interval"], seconds(1), "1s", d.pacing.garp_interval) && ok;
    ok = read_duration(vrrp["gna_interval"], seconds(1), "1s", d.pacing.gna_interval) && ok;
    ok = read_garp_groups(vrrp["garp_group"], d.pacing.groups) && ok;
    ok = read_group(vrrp["mcast_group4"], Family::ipv4, d.mcast_group4) && ok;
    ok = read_group(vrrp["mcast_group6"], Family::ipv6, d.mcast_group6) && ok;
    if (!ok) return std::nullopt;
    return d;
}

bool parse_announce(const Config& instance, const AnnounceDefaults& defaults, InstanceConfig& c) {
    AnnounceDefaults own = defaults;
    bool ok = read_shared(instance, false, own);
    // keepalived.conf(5) mcast_dst_ip: this instance's group, over vrrp_mcast_group4/6.
    if (!c.params.addresses.empty()) {
        const Config group = instance["mcast_dst_ip"];
        ok = read_group(group, c.family(),
                        c.family() == Family::ipv4 ? own.mcast_group4 : own.mcast_group6) &&
             ok;
    }
    c.garp = own.garp;
    c.machine.lower_prio_no_advert = own.lower_prio_no_advert;
    c.machine.higher_prio_send_advert = own.higher_prio_send_advert;
    c.machine.garp_on_lower_prio = own.garp.lower_prio_repeat > 0;
    if (!c.params.addresses.empty()) {
        c.params.multicast_group = c.family() == Family::ipv4 ? own.mcast_group4 : own.mcast_group6;
    }
    return ok;
}

}  // namespace routerd::vrrp
