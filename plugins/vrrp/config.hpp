// The [vrrp] table as routerd reads it: Keepalived's vrrp_instance, vrrp_sync_group,
// vrrp_script, vrrp_track_process and vrrp_track_file, in TOML (keepalived.conf(5) gives the
// meaning of each option).
#pragma once

#include <routerd/plugin.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "machine.hpp"
#include "packet.hpp"
#include "priority.hpp"

namespace routerd::vrrp {

struct VirtualAddress {
    IpAddress address;
    std::uint8_t prefix = 32;
    std::string dev;    // empty: the instance's interface
    std::string label;  // IPv4 address label, e.g. "eth0:vip"

    std::string text() const { return address.to_string() + "/" + std::to_string(prefix); }
    bool operator==(const VirtualAddress&) const = default;
};

struct VirtualRoute {
    IpAddress destination;
    std::uint8_t prefix = 32;
    std::optional<IpAddress> via;
    std::string dev;  // empty: the instance's interface
    std::uint32_t metric = 0;

    std::string text() const;
    bool operator==(const VirtualRoute&) const = default;
};

// A tracked object named in an instance; weight unset = Keepalived's default for the kind.
struct TrackRef {
    TrackKind kind = TrackKind::interface;
    std::string name;
    std::optional<int> weight;
    bool reverse = false;
    bool operator==(const TrackRef&) const = default;
};

struct NotifyScripts {
    std::string master, backup, fault, stop, generic;  // command lines; empty = none
    bool operator==(const NotifyScripts&) const = default;
};

struct InstanceConfig {
    std::string name;
    std::string interface;
    InstanceParams params;  // version, VRID, auth, interval, addresses, unicast
    MachineConfig machine;  // priority, initial state, preemption (primary address: at start)
    std::vector<VirtualAddress> addresses;
    std::vector<VirtualRoute> routes;
    std::optional<IpAddress> unicast_source;
    std::vector<IpAddress> unicast_peers;
    std::chrono::nanoseconds garp_master_delay = std::chrono::seconds(5);
    unsigned garp_master_repeat = 5;
    std::chrono::nanoseconds garp_master_refresh{0};  // 0 = off
    NotifyScripts notify;
    std::optional<bool> smtp_alert;
    bool accept = true;
    std::vector<TrackRef> tracks;

    Family family() const { return params.addresses.front().family(); }
    bool operator==(const InstanceConfig&) const = default;
};

struct SyncGroupConfig {
    std::string name;
    std::vector<std::string> members;
    NotifyScripts notify;
    std::optional<bool> smtp_alert;
    bool operator==(const SyncGroupConfig&) const = default;
};

struct ScriptConfig {
    std::string command;
    std::chrono::nanoseconds interval = std::chrono::seconds(1);
    std::chrono::nanoseconds timeout{0};  // 0 = interval
    int weight = 0;
    unsigned rise = 1;
    unsigned fall = 1;
    std::string user;
    bool operator==(const ScriptConfig&) const = default;
};

struct ProcessConfig {
    std::string process;
    bool full_command = false;
    unsigned quorum = 1;
    unsigned quorum_max = 0;  // 0 = no upper bound
    std::chrono::nanoseconds delay{0};
    std::optional<int> weight;  // unset: down means FAULT
    bool operator==(const ProcessConfig&) const = default;
};

struct FileConfig {
    std::string file;
    int weight = 1;
    bool operator==(const FileConfig&) const = default;
};

struct VrrpConfig {
    std::map<std::string, InstanceConfig> instances;
    std::map<std::string, SyncGroupConfig> sync_groups;
    std::map<std::string, ScriptConfig> scripts;
    std::map<std::string, ProcessConfig> processes;
    std::map<std::string, FileConfig> files;
    bool operator==(const VrrpConfig&) const = default;
};

// Reads [vrrp]; every problem is reported through the Config nodes (file:line:col: key:
// message). nullopt when there was any.
std::optional<VrrpConfig> parse_vrrp_config(const sdk::Config& vrrp);

}  // namespace routerd::vrrp
