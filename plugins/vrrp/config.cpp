#include "config.hpp"

#include "config_addresses.hpp"
#include "config_announce.hpp"
#include "config_firewall.hpp"
#include "config_receive.hpp"
#include "config_rules.hpp"
#include "config_scheduling.hpp"
#include "config_strict.hpp"
#include "config_track_group.hpp"
#include "config_vmac.hpp"
#include "config_vrf.hpp"

#include <algorithm>

#include <routerd/common/notify_fifo_config.hpp>
#include <routerd/common/run_as.hpp>

namespace routerd::vrrp {
namespace {

using sdk::Config;

NotifyScripts parse_notify(const Config& node) {
    return NotifyScripts{node["notify_master"].string().value_or(""),
                         node["notify_backup"].string().value_or(""),
                         node["notify_fault"].string().value_or(""),
                         node["notify_stop"].string().value_or(""),
                         node["notify"].string().value_or(""),
                         "",
                         ""};
}

// An instance's notifications beyond a sync group's (keepalived.conf(5)):
// notify_master_rx_lower_pri = "SCRIPT", and notify_deleted = true or = "SCRIPT" (DELETED
// instead of STOP when a reload deletes the instance; the script runs then too).
bool parse_instance_notify(const Config& node, InstanceConfig& c) {
    c.notify.master_rx_lower_pri = node["notify_master_rx_lower_pri"].string().value_or("");
    const Config deleted = node["notify_deleted"];
    if (!deleted.present()) return true;
    if (deleted.type() == ROUTERD_CONFIG_STRING) {
        c.notify.deleted = deleted.string().value_or("");
        c.notify_deleted = !c.notify.deleted.empty();
        if (!c.notify_deleted) deleted.error("is an empty command: give a script, or true");
        return c.notify_deleted;
    }
    if (deleted.type() != ROUTERD_CONFIG_BOOLEAN) {
        deleted.error("must be true, false or the script to run");
        return false;
    }
    c.notify_deleted = deleted.boolean().value_or(false);
    return true;
}

// Runs `build` (a conversion to a tracker's configuration) and reports what it refuses against
// `node`.
template <class Build>
bool runnable(const Config& node, Build build) {
    try {
        build();
        return true;
    } catch (const std::exception& e) {
        node.error(e.what());
        return false;
    }
}

std::optional<track::Command> command_or_none(const std::string& line,
                                              const common::ScriptPolicy& policy) {
    if (line.empty()) return std::nullopt;
    return track::make_command(line, common::script_run_as(std::nullopt, policy), policy.security);
}

// Each notify script must name a program that exists (and that script security allows).
bool check_notify(const Config& node, const NotifyScripts& scripts,
                  const common::ScriptPolicy& policy) {
    bool ok = true;
    const std::pair<const char*, const std::string*> keys[] = {
        {"notify_master", &scripts.master},
        {"notify_backup", &scripts.backup},
        {"notify_fault", &scripts.fault},
        {"notify_stop", &scripts.stop},
        {"notify", &scripts.generic},
        {"notify_deleted", &scripts.deleted},
        {"notify_master_rx_lower_pri", &scripts.master_rx_lower_pri}};
    for (const auto& [key, line] : keys) {
        if (line->empty()) continue;
        ok = runnable(node[key],
                      [&] { track::check_script_security(*command_or_none(*line, policy)); }) &&
             ok;
    }
    return ok;
}

// Reads each item of the list `node` with `parse` into `out`; false when any was wrong.
template <class T, class Parse>
bool parse_list(const Config& node, std::vector<T>& out, Parse parse) {
    bool ok = true;
    for (const Config& item : node.items()) {
        if (auto value = parse(item)) {
            out.push_back(std::move(*value));
        } else {
            ok = false;
        }
    }
    return ok;
}

// keepalived.conf(5) default_interface: where static addresses and routes without a dev go
// ("default: eth0"); nullopt after reporting a bad name.
std::optional<std::string> parse_default_interface(const Config& vrrp) {
    const Config node = vrrp["default_interface"];
    if (!node.present()) return "eth0";
    std::optional<std::string> name = node.string();
    if (!name) return std::nullopt;
    if (const auto error = interface_name_error(*name)) {
        node.error("'" + *name + "' " + *error);
        return std::nullopt;
    }
    return name;
}

// [vrrp] static_ipaddress, static_routes, static_rules; each item's track_group into `tracks`.
bool parse_statics(const Config& vrrp, StaticConfig& out, std::vector<StaticTrack>& tracks) {
    const std::optional<std::string> fallback = parse_default_interface(vrrp);
    const std::string dev = fallback.value_or("eth0");
    // Each item with its track_group: `interface` gives the interface it goes through.
    auto tracked = [&](const Config& item, auto parsed, auto interface) {
        if (parsed && !read_static_track(item, parsed->no_track, interface(*parsed), tracks))
            parsed.reset();
        return parsed;
    };
    auto on_dev = [&](auto item) {
        if (item && item->dev.empty()) item->dev = dev;
        return item;
    };
    bool ok = parse_list(vrrp["static_ipaddress"], out.addresses, [&](const Config& item) {
        auto address = parse_virtual_address(item);
        if (address && address->use_vmac) {
            item["use_vmac"].error("is for an instance's addresses: a VMAC is an instance's");
            return decltype(address){};
        }
        return tracked(item, on_dev(address), [](const VirtualAddress& a) { return a.dev; });
    });
    // A blackhole, unreachable, prohibit or throw route goes through no interface.
    ok = parse_list(vrrp["static_routes"], out.routes,
                    [&](const Config& item) {
                        auto route = parse_virtual_route(item);
                        if (route && route->has_interface()) route = on_dev(route);
                        return tracked(item, route, [](const VirtualRoute& r) { return r.dev; });
                    }) &&
         ok;
    ok = parse_list(vrrp["static_rules"], out.rules,
                    [&](const Config& item) {
                        return tracked(item, parse_virtual_rule(item),
                                       [](const VirtualRule& r) { return r.iif; });
                    }) &&
         ok;
    return ok && fallback.has_value();
}

std::optional<bool> optional_bool(const Config& node) {
    return node.present() ? node.boolean() : std::nullopt;
}

// track_* lists: names, or { name = "...", weight = -20, reverse = true }.
void parse_tracks(const Config& list, TrackKind kind, int weight_limit,
                  std::vector<TrackRef>& out) {
    for (const Config& item : list.items()) {
        TrackRef ref{kind, "", std::nullopt, false, ""};
        if (item.type() == ROUTERD_CONFIG_TABLE) {
            ref.name = item["name"].string().value_or("");
            if (!item["name"].present()) item["name"].error("is required");
            if (auto weight = item["weight"].integer(-weight_limit, weight_limit)) {
                ref.weight = static_cast<int>(*weight);
            }
            ref.reverse = item["reverse"].boolean().value_or(false);
        } else {
            ref.name = item.string().value_or("");
        }
        if (!ref.name.empty()) out.push_back(ref);
    }
}

// advert_int: v2 carries whole seconds (RFC 3768 §5.3.7), v3 centiseconds (RFC 5798 §5.2.7).
std::optional<Centiseconds> parse_advert_int(const Config& node, Version version) {
    if (!node.present()) return Centiseconds(100);
    const auto d = node.duration();
    if (!d) return std::nullopt;
    const auto cs = std::chrono::duration_cast<Centiseconds>(*d);
    if (cs * 1 != *d) {
        node.error("must be a whole number of centiseconds (10ms steps)");
        return std::nullopt;
    }
    if (version == Version::v2) {
        if (cs.count() % 100 != 0 || cs < Centiseconds(100) || cs > Centiseconds(25500)) {
            node.error("VRRPv2 adverts are whole seconds from 1s to 255s");
            return std::nullopt;
        }
    } else if (cs < Centiseconds(1) || cs > Centiseconds(4095)) {
        node.error("VRRPv3 adverts are 10ms to 40.95s");
        return std::nullopt;
    }
    return cs;
}

std::optional<InstanceConfig> parse_instance(const std::string& name, const Config& node,
                                             Version default_version, unsigned down_timer_adverts,
                                             const ReceiveDefaults& receive,
                                             const AnnounceDefaults& announce,
                                             const std::string& vmac_prefix,
                                             const common::ScriptPolicy& policy) {
    InstanceConfig c;
    c.name = name;
    bool ok = true;
    auto require = [&](const Config& field) {
        if (!field.present()) {
            field.error("is required");
            ok = false;
        }
        return field;
    };
    ok = parse_interface_or_vrf(node, c);
    const auto vrid = require(node["virtual_router_id"]).integer(1, 255);
    const auto version = node["version"].present()
                             ? node["version"].integer(2, 3)
                             : std::optional<int64_t>(static_cast<int>(default_version));
    const auto priority = node["priority"].integer(1, 255);
    const auto state = node["state"].one_of({"MASTER", "BACKUP"});
    ok = ok && vrid && version && (priority || !node["priority"].present()) &&
         (state || !node["state"].present());
    if (!version) return std::nullopt;
    c.params.version = *version == 2 ? Version::v2 : Version::v3;
    c.params.vrid = static_cast<std::uint8_t>(vrid.value_or(1));
    c.machine.version = c.params.version;
    c.machine.priority = static_cast<std::uint8_t>(priority.value_or(100));
    c.machine.start_as_master = state.value_or("BACKUP") == "MASTER";
    const auto interval = parse_advert_int(node["advert_int"], c.params.version);
    ok = ok && interval;
    c.params.advert_interval = interval.value_or(Centiseconds(100));
    c.machine.advert_interval = c.params.advert_interval;
    // keepalived.conf(5) down_timer_adverts, [vrrp]'s (vrrp_down_timer_adverts) by default.
    if (const auto adverts = node["down_timer_adverts"].integer(1, 100)) {
        c.machine.down_timer_adverts = static_cast<unsigned>(*adverts);
    } else if (node["down_timer_adverts"].present()) {
        ok = false;
    } else {
        c.machine.down_timer_adverts = down_timer_adverts;
    }
    c.machine.preempt = !node["nopreempt"].boolean().value_or(false);
    c.machine.preempt_delay =
        node["preempt_delay"].duration().value_or(std::chrono::nanoseconds(0));
    if (!c.machine.preempt && c.machine.start_as_master) {
        node["nopreempt"].error(
            "needs state = \"BACKUP\" (keepalived.conf(5): nopreempt only "
            "works when the initial state is BACKUP)");
        ok = false;
    }

    const Config addresses = require(node["virtual_ipaddress"]);
    for (const Config& item : addresses.items()) {
        if (auto vip = parse_virtual_address(item)) {
            c.addresses.push_back(*vip);
        } else {
            ok = false;
        }
    }
    if (addresses.present() && addresses.items().empty()) {
        addresses.error("needs at least one address");
        ok = false;
    }
    // The advert lists the virtual_ipaddress entries of the instance's family (the first
    // one's). virtual_ipaddress_excluded is installed but never advertised, as in Keepalived
    // (keepalived.conf(5)): a mixed pair would otherwise drop each other's adverts.
    for (const VirtualAddress& vip : c.addresses) {
        if (vip.address.family() == c.addresses.front().address.family()) {
            c.params.addresses.push_back(vip.address);
        }
    }
    for (const Config& item : node["virtual_ipaddress_excluded"].items()) {
        if (auto vip = parse_virtual_address(item)) c.addresses.push_back(*vip);
    }
    ok = parse_list(node["virtual_routes"], c.routes, parse_virtual_route) && ok;
    ok = parse_list(node["virtual_rules"], c.rules, parse_virtual_rule) && ok;

    const Config auth = node["authentication"];
    if (auth.present()) {
        const auto type = auth["type"].one_of({"PASS", "AH"});
        const auto pass = auth["pass"].string();
        if (!type || !pass) {
            if (!auth["pass"].present()) auth["pass"].error("is required");
            ok = false;
        } else if (c.params.version != Version::v2) {
            auth.error(
                "authentication exists only in VRRPv2 (RFC 5798 removed it): set "
                "version = 2 or remove it");
            ok = false;
        } else {
            c.params.auth_type = *type == "PASS" ? AuthType::pass : AuthType::ah;
            c.params.auth_key = make_auth_key(*pass);
            if (pass->size() > 8) {
                auth["pass"].error("is longer than 8 characters; VRRP uses only the first 8");
                ok = false;
            }
        }
    }

    // Keepalived's mcast_src_ip and unicast_src_ip are one setting: the adverts' source address.
    for (const char* key : {"unicast_src_ip", "mcast_src_ip"}) {
        if (!node[key].present()) continue;
        if (c.unicast_source) {
            node[key].error("is the same setting as unicast_src_ip: give one of them");
            ok = false;
        }
        c.unicast_source = parse_address(node[key]);
        ok = c.unicast_source.has_value() && ok;
    }
    ok = parse_receive(node, receive, c.params) && ok;
    const Config track_source = node["track_src_ip"];
    c.track_source = track_source.boolean().value_or(false);
    if (c.track_source && !c.unicast_source) {
        track_source.error("needs unicast_src_ip (or mcast_src_ip): the address to track");
        ok = false;
    }
    c.fault_no_peer =
        node["unicast_fault_no_peer"].boolean().value_or(false) && c.params.unicast_peers.empty();

    ok = parse_announce(node, announce, c) && ok;
    c.notify = parse_notify(node);
    ok = parse_instance_notify(node, c) && ok;
    ok = check_notify(node, c.notify, policy) && ok;
    c.smtp_alert = optional_bool(node["smtp_alert"]);
    c.accept = !node["no_accept"].boolean().value_or(false);
    if (node["accept"].present()) c.accept = node["accept"].boolean().value_or(true);
    c.dont_track_primary = node["dont_track_primary"].boolean().value_or(false);
    c.promote_secondaries = node["promote_secondaries"].boolean().value_or(false);

    parse_tracks(node["track_interface"], TrackKind::interface, 254, c.tracks);
    parse_tracks(node["track_script"], TrackKind::script, 254, c.tracks);
    parse_tracks(node["track_process"], TrackKind::process, 254, c.tracks);
    parse_tracks(node["track_file"], TrackKind::file, 254, c.tracks);

    if (!ok || c.params.addresses.empty()) return std::nullopt;
    if (!parse_vmac(node, vmac_prefix, c) || !check_vrf(node, c)) return std::nullopt;
    if (c.family() == Family::ipv6 && c.params.auth_type != AuthType::none) {
        auth.error("authentication is for VRRPv2 over IPv4 only");
        return std::nullopt;
    }
    return c;
}

std::optional<ScriptConfig> parse_script(const Config& node, const common::ScriptPolicy& policy) {
    ScriptConfig s;
    s.policy = policy;
    const Config script = node["script"];
    if (!script.present()) script.error("is required: the command to run");
    s.command = script.string().value_or("");
    s.interval = node["interval"].duration().value_or(s.interval);
    s.timeout = node["timeout"].duration().value_or(s.interval);
    s.weight = static_cast<int>(node["weight"].integer(-253, 253).value_or(0));
    s.rise = static_cast<unsigned>(node["rise"].integer(1, 1000).value_or(1));
    s.fall = static_cast<unsigned>(node["fall"].integer(1, 1000).value_or(1));
    s.init_fail = node["init_fail"].boolean().value_or(false);
    s.user = node["user"].string().value_or("");
    if (s.command.empty()) return std::nullopt;
    if (!s.user.empty() && !runnable(node["user"], [&] { common::resolve_run_as_words(s.user); }))
        return std::nullopt;
    if (!runnable(script, [&] { track::check_script_security(s.tracker("").command); }))
        return std::nullopt;
    return s;
}

std::optional<ProcessConfig> parse_process(const Config& node) {
    ProcessConfig p;
    const Config process = node["process"];
    if (!process.present()) process.error("is required: the process name to watch");
    p.process = process.string().value_or("");
    p.full_command = node["full_command"].boolean().value_or(false);
    const Config params = node["params"];
    if (params.present()) {
        p.params.emplace();
        for (const Config& item : params.items())
            p.params->push_back(item.string().value_or(""));
    }
    const Config param_match = node["param_match"];
    if (auto mode = param_match.string()) {
        if (*mode == "exact") {
            p.param_match = track::ParamMatch::exact;
        } else if (*mode == "partial") {
            p.param_match = track::ParamMatch::partial;
        } else if (*mode == "initial") {
            p.param_match = track::ParamMatch::initial;
        } else {
            param_match.error("'" + *mode + "' is not one of exact, partial, initial");
        }
        // keepalived.conf(5): param_match without parameters means "no parameters".
        if (!p.params) p.params.emplace();
    }
    p.quorum = static_cast<unsigned>(node["quorum"].integer(1, 65535).value_or(1));
    p.quorum_max = static_cast<unsigned>(node["quorum_max"].integer(0, 65535).value_or(0));
    // keepalived.conf(5): `delay` sets fork_delay and terminate_delay; each may override it.
    const auto delay = node["delay"].duration().value_or(std::chrono::nanoseconds{0});
    p.fork_delay = node["fork_delay"].duration().value_or(delay);
    p.terminate_delay = node["terminate_delay"].duration().value_or(delay);
    if (auto weight = node["weight"].integer(-253, 253)) p.weight = static_cast<int>(*weight);
    if (auto user = node["user"].string()) {
        if (!runnable(node["user"], [&] { p.uid = common::resolve_run_as(*user).uid; }))
            return std::nullopt;
    }
    if (p.quorum_max != 0 && p.quorum_max < p.quorum) {
        node["quorum_max"].error("is below quorum");
        return std::nullopt;
    }
    if (p.process.empty()) return std::nullopt;
    if (!runnable(process, [&] { p.tracker(""); })) return std::nullopt;
    return p;
}

std::optional<FileConfig> parse_file(const Config& node) {
    FileConfig f;
    const Config file = node["file"];
    if (!file.present()) file.error("is required: the file to read");
    f.file = file.string().value_or("");
    f.weight = static_cast<int>(node["weight"].integer(-254, 254).value_or(1));
    // keepalived.conf(5) reads a tracked file's value as a C long.
    f.init_file = node["init_file"].integer(INT64_MIN, INT64_MAX);
    const Config overwrite = node["init_file_overwrite"];
    f.init_file_overwrite = overwrite.boolean().value_or(false);
    if (f.init_file_overwrite && !f.init_file)
        overwrite.error("needs init_file: the value to write");
    if (f.file.empty()) return std::nullopt;
    if (!runnable(file, [&] { f.tracker(""); })) return std::nullopt;
    return f;
}

template <class T, class Parse>
bool parse_named(const Config& table, std::map<std::string, T>& out, Parse parse) {
    bool ok = true;
    for (const auto& [name, node] : table.entries()) {
        if (auto parsed = parse(node)) {
            out.emplace(name, std::move(*parsed));
        } else {
            ok = false;
        }
    }
    return ok;
}

std::string definitions_of(TrackKind kind) {
    switch (kind) {
        case TrackKind::script:
            return "[vrrp.script]";
        case TrackKind::process:
            return "[vrrp.track_process]";
        case TrackKind::file:
            return "[vrrp.track_file]";
        case TrackKind::interface:
            break;
    }
    return "the system's interfaces";
}

// Every tracker an instance or a group (`node`) lists must be defined.
bool check_track_references(const Config& node, const std::vector<TrackRef>& tracks,
                            const VrrpConfig& c) {
    bool ok = true;
    for (const TrackRef& t : tracks) {
        const bool known = (t.kind == TrackKind::script && c.scripts.count(t.name)) ||
                           (t.kind == TrackKind::process && c.processes.count(t.name)) ||
                           (t.kind == TrackKind::file && c.files.count(t.name)) ||
                           t.kind == TrackKind::interface;
        if (!known) {
            node[std::string(vrrp::name(t.kind))].error("'" + t.name + "' is not defined under " +
                                                        definitions_of(t.kind));
            ok = false;
        }
    }
    return ok;
}

// Every name an instance or a group refers to must exist.
bool check_references(const Config& vrrp, const VrrpConfig& c) {
    bool ok = true;
    for (const auto& [name, node] : vrrp["instance"].entries()) {
        auto it = c.instances.find(name);
        if (it != c.instances.end()) ok = check_track_references(node, it->second.tracks, c) && ok;
    }
    const sdk::Config instances = vrrp["instance"];
    for (const auto& [name, node] : vrrp["sync_group"].entries()) {
        auto it = c.sync_groups.find(name);
        if (it == c.sync_groups.end()) continue;
        ok = check_track_references(node, it->second.tracks, c) && ok;
        for (const std::string& member : it->second.members) {
            if (!instances[member].present()) {
                node["group"].error("'" + member + "' is not a vrrp instance");
                ok = false;
            }
        }
    }
    return ok;
}

// keepalived.conf(5) vrrp_sync_group: the group's track_* lists "update the status/priority of
// all VRRP instances which are members", and the members' tracking weights are "automatically
// set to zero, in order to avoid inconsistent priorities across instances" (a tracker down puts
// its member, and so the group, in FAULT) unless sync_group_tracking_weight. A tracker that a
// member lists itself is not added twice.
void apply_sync_group_tracking(VrrpConfig& c) {
    for (const auto& [name, group] : c.sync_groups) {
        for (const std::string& member : group.members) {
            auto it = c.instances.find(member);
            if (it == c.instances.end()) continue;
            std::vector<TrackRef>& tracks = it->second.tracks;
            for (const TrackRef& t : group.tracks) {
                const bool listed = std::any_of(
                    tracks.begin(), tracks.end(),
                    [&](const TrackRef& own) { return own.kind == t.kind && own.name == t.name; });
                if (!listed) tracks.push_back(t);
            }
            if (!group.tracking_weight) {
                for (TrackRef& t : tracks)
                    t.weight = 0;
            }
        }
    }
}

// keepalived.conf(5): a member that sets no notify_priority_changes of its own takes its sync
// group's, before [vrrp]'s.
void apply_sync_group_priority_changes(const Config& vrrp, VrrpConfig& c) {
    for (const auto& [name, group] : c.sync_groups) {
        if (!group.notify_priority_changes) continue;
        for (const std::string& member : group.members) {
            if (!vrrp["instance"][member]["notify_priority_changes"].present())
                c.instances.at(member).notify_priority_changes = *group.notify_priority_changes;
        }
    }
}

}  // namespace

track::ScriptTrackConfig ScriptConfig::tracker(const std::string& name) const {
    track::ScriptTrackConfig out;
    out.name = name;
    const auto own =
        user.empty() ? std::nullopt : std::optional(common::resolve_run_as_words(user));
    const std::optional<common::RunAs> run_as = common::script_run_as(own, policy);
    out.command = track::make_command(command, run_as, policy.security);
    out.interval = std::chrono::duration_cast<std::chrono::milliseconds>(interval);
    if (timeout.count() > 0) {
        out.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(timeout);
    }
    out.rise_fall =
        track::RiseFallConfig{static_cast<int>(rise), static_cast<int>(fall), init_fail};
    track::validate(out);
    return out;
}

track::ProcessTrackConfig ProcessConfig::tracker(const std::string& name) const {
    track::ProcessTrackConfig out;
    out.name = name;
    out.match.process = process;
    out.match.params = params;
    out.match.param_match = param_match;
    out.match.full_command = full_command;
    out.match.uid = uid;
    out.quorum.quorum = quorum;
    if (quorum_max > 0) out.quorum.quorum_max = quorum_max;
    out.quorum.fork_delay = fork_delay;
    out.quorum.terminate_delay = terminate_delay;
    track::validate(out);
    return out;
}

track::FileTrackConfig FileConfig::tracker(const std::string& name) const {
    track::FileTrackConfig out;
    out.name = name;
    out.file = file;
    out.init_value = init_file;
    out.init_overwrite = init_file_overwrite;
    track::validate(out);
    return out;
}

track::NotifyConfig notify_config(bool group, const std::string& name, const NotifyScripts& scripts,
                                  const common::ScriptPolicy& policy) {
    track::NotifyConfig out;
    out.scope = group ? track::NotifyScope::group : track::NotifyScope::instance;
    out.name = name;
    out.master = command_or_none(scripts.master, policy);
    out.backup = command_or_none(scripts.backup, policy);
    out.fault = command_or_none(scripts.fault, policy);
    out.stop = command_or_none(scripts.stop, policy);
    out.deleted = command_or_none(scripts.deleted, policy);
    out.master_rx_lower_pri = command_or_none(scripts.master_rx_lower_pri, policy);
    out.any = command_or_none(scripts.generic, policy);
    return out;
}

bool VrrpConfig::runs_scripts_as_another_user() const {
    for (const auto& [name, script] : scripts) {
        const auto own = script.user.empty()
                             ? std::nullopt
                             : std::optional(common::resolve_run_as_words(script.user));
        if (common::runs_as_another_user(common::script_run_as(own, script.policy))) return true;
    }
    auto notifies = [&](const NotifyScripts& n) {
        return n != NotifyScripts{} &&
               common::runs_as_another_user(common::script_run_as(std::nullopt, script_policy));
    };
    for (const auto& [name, instance] : instances) {
        if (notifies(instance.notify)) return true;
    }
    for (const auto& [name, group] : sync_groups) {
        if (notifies(group.notify)) return true;
    }
    return fifo && !fifo->script.empty() && common::runs_as_another_user(fifo->run_as);
}

std::optional<VrrpConfig> parse_vrrp_config(const Config& vrrp, const common::ScriptPolicy& policy,
                                            const Config& global) {
    VrrpConfig c;
    c.script_policy = policy;
    bool ok = common::read_notify_fifos(vrrp, global, policy, c.fifo, c.global_fifo);
    if (!vrrp.present()) return ok ? std::optional(c) : std::nullopt;
    c.fifo_write_states_on_reload = vrrp["fifo_write_states_on_reload"].boolean().value_or(false);
    c.log_unknown_vrids = vrrp["log_unknown_vrids"].boolean().value_or(false);
    c.dynamic_interfaces = vrrp["dynamic_interfaces"].boolean().value_or(false);
    const std::optional<NoAcceptFirewall> firewall = parse_firewall(vrrp);
    c.firewall = firewall.value_or(c.firewall);
    ok = firewall.has_value() && ok;
    // keepalived.conf(5) global_defs vrrp_notify_priority_changes, which an instance's own
    // notify_priority_changes overrides.
    const bool priority_changes = vrrp["notify_priority_changes"].boolean().value_or(false);
    const auto version = vrrp["version"].integer(2, 3);
    const Version default_version = version.value_or(2) == 3 ? Version::v3 : Version::v2;
    const ReceiveDefaults receive = parse_receive_defaults(vrrp);
    const std::optional<AnnounceDefaults> parsed_announce = parse_announce_defaults(vrrp);
    ok = parsed_announce.has_value() && ok;
    const AnnounceDefaults announce = parsed_announce.value_or(AnnounceDefaults{});
    c.garp_pacing = announce.pacing;
    if (const Config delay = vrrp["startup_delay"]; delay.present()) {
        const auto value = delay.duration();
        c.startup_delay = value.value_or(c.startup_delay);
        ok = value.has_value() && ok;
        if (c.startup_delay > std::chrono::hours(1)) {
            delay.error("is above 1h");
            ok = false;
        }
    }
    std::vector<StaticTrack> static_tracks;
    ok = parse_statics(vrrp, c.statics, static_tracks) && ok;
    if (auto scheduling = parse_scheduling(vrrp)) {
        c.scheduling = *scheduling;
    } else {
        ok = false;
    }
    ok = parse_named(vrrp["script"], c.scripts,
                     [&](const Config& node) { return parse_script(node, policy); }) &&
         ok;
    ok = parse_named(vrrp["track_process"], c.processes, parse_process) && ok;
    ok = parse_named(vrrp["track_file"], c.files, parse_file) && ok;
    const std::optional<std::string> vmac_prefix = parse_vmac_prefix(vrrp);
    const std::optional<std::string> vmac_addr_prefix =
        parse_vmac_addr_prefix(vrrp, vmac_prefix.value_or("vrrp"));
    ok = vmac_prefix.has_value() && vmac_addr_prefix.has_value() && ok;
    const bool strict_default = vrrp["strict_mode"].boolean().value_or(false);
    const auto down_timer_adverts = vrrp["down_timer_adverts"].integer(1, 100);
    ok = (down_timer_adverts || !vrrp["down_timer_adverts"].present()) && ok;
    for (const auto& [name, node] : vrrp["instance"].entries()) {
        const bool strict = strict_mode_of(node, strict_default);
        if (auto instance = parse_instance(
                name, node, default_version, static_cast<unsigned>(down_timer_adverts.value_or(3)),
                receive, announce, vmac_prefix.value_or("vrrp"), policy)) {
            instance->notify_priority_changes =
                node["notify_priority_changes"].boolean().value_or(priority_changes);
            if (strict) ok = apply_strict_mode(node, *instance) && ok;
            c.instances.emplace(name, std::move(*instance));
        } else {
            ok = false;
        }
    }
    for (const auto& [name, node] : vrrp["sync_group"].entries()) {
        SyncGroupConfig g{name, {},    parse_notify(node), optional_bool(node["smtp_alert"]),
                          {},   false, std::nullopt};
        ok = check_notify(node, g.notify, policy) && ok;
        parse_tracks(node["track_interface"], TrackKind::interface, 253, g.tracks);
        parse_tracks(node["track_script"], TrackKind::script, 253, g.tracks);
        parse_tracks(node["track_process"], TrackKind::process, 254, g.tracks);
        parse_tracks(node["track_file"], TrackKind::file, 254, g.tracks);
        g.tracking_weight = node["sync_group_tracking_weight"].boolean().value_or(false);
        g.notify_priority_changes = optional_bool(node["notify_priority_changes"]);
        for (const Config& member : node["group"].items()) {
            if (auto m = member.string()) g.members.push_back(*m);
        }
        if (g.members.empty()) {
            node["group"].error("is required: the instances that move together");
            ok = false;
        }
        c.sync_groups.emplace(name, std::move(g));
    }
    // Two instances on one interface cannot share a VRID and family (RFC 5798 §5.2.3).
    std::map<std::tuple<std::string, int, Family>, std::string> seen;
    std::map<std::string, std::string> vmacs;  // a VMAC is one instance's
    for (const auto& [name, node] : vrrp["instance"].entries()) {
        auto it = c.instances.find(name);
        if (it == c.instances.end()) continue;
        const InstanceConfig& i = it->second;
        auto [other, fresh] =
            seen.emplace(std::make_tuple(i.interface, i.params.vrid, i.family()), name);
        if (!fresh) {
            node["virtual_router_id"].error("is already used on " + i.interface + " by " +
                                            other->second);
            ok = false;
        }
        if (!i.vmac) continue;
        if (auto [owner, fresh] = vmacs.emplace(i.vmac->name, name); !fresh) {
            node[i.vmac->ipvlan ? "use_ipvlan" : "use_vmac"].error(
                "'" + i.vmac->name + "' is already " + owner->second + "'s VMAC");
            ok = false;
        }
    }
    // The VMACs of the addresses, named after the instances' own ones and each other's.
    std::set<std::string> taken;
    for (const auto& [vmac, owner] : vmacs)
        taken.insert(vmac);
    for (const auto& [name, node] : vrrp["instance"].entries()) {
        auto it = c.instances.find(name);
        if (it == c.instances.end()) continue;
        place_addresses(it->second, vmac_addr_prefix.value_or("vrrp"), taken);
        for (const AddressVmac& vmac : it->second.address_vmacs)
            vmacs.emplace(vmac.name, name);
    }
    // keepalived.conf(5) garp_group: "Cannot specify garp_delay on a vmac": a VMAC's messages
    // are paced with its base interface's.
    for (const Config& group : vrrp["garp_group"].items()) {
        for (const Config& interface : group["interfaces"].items()) {
            const auto owner = vmacs.find(interface.string().value_or(""));
            if (owner == vmacs.end()) continue;
            interface.error("is " + owner->second +
                            "'s VMAC, which is paced with its base interface: name that instead");
            ok = false;
        }
    }
    ok = check_references(vrrp, c) && ok;
    ok = apply_track_groups(vrrp, static_tracks, c) && ok;
    if (!ok) return std::nullopt;
    apply_sync_group_tracking(c);
    apply_sync_group_priority_changes(vrrp, c);
    return c;
}

}  // namespace routerd::vrrp
