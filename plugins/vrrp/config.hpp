// The [vrrp] table as routerd reads it: Keepalived's vrrp_instance, vrrp_sync_group,
// vrrp_script, vrrp_track_process and vrrp_track_file, in TOML (keepalived.conf(5) gives the
// meaning of each option). The one model of it: the trackers' and notify runners' own
// configurations are made from it here. Each of those throws std::invalid_argument with the
// reason when the configuration cannot run (an unknown user, a program that does not exist, a
// process name too long for comm), so that --config-test reports it rather than the first run.
#pragma once

#include <routerd/common/notify_fifo.hpp>
#include <routerd/common/script_policy.hpp>
#include <routerd/plugin.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "file_tracker.hpp"
#include "garp_pacing.hpp"
#include "instance_config.hpp"
#include "no_accept_table.hpp"
#include "notify_queue.hpp"
#include "process_tracker.hpp"
#include "script_tracker.hpp"
#include "static_watch.hpp"
#include "thread_scheduling.hpp"

namespace routerd::vrrp {

struct ScriptConfig {
    std::string command;
    std::chrono::nanoseconds interval = std::chrono::seconds(1);
    std::chrono::nanoseconds timeout{0};  // 0 = interval
    int weight = 0;
    unsigned rise = 1;
    unsigned fall = 1;
    bool init_fail = false;       // down from the start, until `rise` successes
    std::string user;             // "USER [GROUP]"; empty: policy's
    common::ScriptPolicy policy;  // [global] script_user, enable_script_security

    track::ScriptTrackConfig tracker(const std::string& name) const;
    bool operator==(const ScriptConfig&) const = default;
};

struct ProcessConfig {
    std::string process;
    // `params`: the parameters after argv[0]; an empty list means "none". Unset: any.
    std::optional<std::vector<std::string>> params;
    track::ParamMatch param_match = track::ParamMatch::exact;
    bool full_command = false;
    unsigned quorum = 1;
    unsigned quorum_max = 0;                 // 0 = no upper bound
    std::chrono::nanoseconds fork_delay{0};  // `delay` sets both
    std::chrono::nanoseconds terminate_delay{0};
    std::optional<int> weight;  // unset: down means FAULT
    std::optional<uid_t> uid;   // `user`: only that user's processes count

    track::ProcessTrackConfig tracker(const std::string& name) const;
    bool operator==(const ProcessConfig&) const = default;
};

struct FileConfig {
    std::string file;
    int weight = 1;
    std::optional<std::int64_t> init_file;  // written at start if the file is missing ...
    bool init_file_overwrite = false;       // ... or always

    track::FileTrackConfig tracker(const std::string& name) const;
    bool operator==(const FileConfig&) const = default;
};

// keepalived.conf(5) static_ipaddress, static_routes, static_rules: installed while routerd runs,
// whatever the instances' states, kept in place (core/static_watch.hpp) and removed when it stops
// (as Keepalived 2.2.7 does).
using StaticConfig = StaticItems;

struct VrrpConfig {
    std::map<std::string, InstanceConfig> instances;
    std::map<std::string, SyncGroupConfig> sync_groups;
    std::map<std::string, ScriptConfig> scripts;
    std::map<std::string, ProcessConfig> processes;
    std::map<std::string, FileConfig> files;
    common::ScriptPolicy script_policy;  // for the notify scripts (each ScriptConfig has it too)
    // keepalived.conf(5) global_defs notify_fifo and vrrp_notify_fifo: every transition's line
    // goes to [global] notify_fifo's path (the notify-fifo plugin makes that FIFO and runs its
    // script), then to [vrrp] notify_fifo, made here with its script
    // (common/notify_fifo_config.hpp).
    std::optional<std::string> global_fifo;
    std::optional<common::NotifyFifoSpec> fifo;
    // keepalived.conf(5) fifo_write_vrrp_states_on_reload: a reload writes every instance's
    // and group's state to the FIFOs, as if each had just entered it.
    bool fifo_write_states_on_reload = false;
    // keepalived.conf(5) vrrp_garp_interval / vrrp_gna_interval and garp_group: the least time
    // between two gratuitous ARPs (unsolicited NAs) sent on one interface, or on the
    // interfaces of one group (core/garp_pacing.hpp).
    GarpPacingConfig garp_pacing;
    // keepalived.conf(5) vrrp_startup_delay: instances start this long after routerd did.
    std::chrono::nanoseconds startup_delay{0};
    // keepalived.conf(5) log_unknown_vrids: log the adverts for VRIDs that no instance on the
    // interface they came in on has.
    bool log_unknown_vrids = false;
    // keepalived.conf(5) dynamic_interfaces: an instance whose interface does not exist (yet)
    // waits for it in FAULT, where otherwise routerd refuses to start (or reload) with it.
    bool dynamic_interfaces = false;
    ThreadScheduling scheduling;  // nice, rt_priority, rlimit_rttime, no_swap
    NoAcceptFirewall firewall;    // where no_accept's drops go (config_firewall.hpp)
    StaticConfig statics;
    bool operator==(const VrrpConfig&) const = default;

    // Whether a track or notify script runs as another user than routerd.
    bool runs_scripts_as_another_user() const;
};

// The notify runner's configuration for the instance (or sync group, with `group`) `name`.
track::NotifyConfig notify_config(bool group, const std::string& name, const NotifyScripts& scripts,
                                  const common::ScriptPolicy& policy);

// Reads [vrrp], with `policy` and the notify FIFO keys from [global]; every problem is
// reported through the Config nodes (file:line:col: key: message). nullopt when there was any.
std::optional<VrrpConfig> parse_vrrp_config(const sdk::Config& vrrp,
                                            const common::ScriptPolicy& policy,
                                            const sdk::Config& global);

}  // namespace routerd::vrrp
