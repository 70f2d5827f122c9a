// The keys that say how a master announces itself and answers other masters
// (keepalived.conf(5)), in [vrrp.instance.NAME] or as [vrrp] defaults (Keepalived's global_defs
// vrrp_* keywords): garp_master_delay, garp_master_repeat, garp_master_refresh,
// garp_master_refresh_repeat, garp_lower_prio_delay, garp_lower_prio_repeat,
// lower_prio_no_advert, higher_prio_send_advert, garp_extra_if and garp_extra_if_all; [vrrp]
// only: min_garp, garp_interval, gna_interval, [[vrrp.garp_group]], mcast_group4 and
// mcast_group6.
#pragma once

#include <routerd/plugin.hpp>

#include <optional>

#include "garp_pacing.hpp"
#include "instance_config.hpp"

namespace routerd::vrrp {

struct AnnounceDefaults {
    GarpConfig garp;
    bool lower_prio_no_advert = false;
    bool higher_prio_send_advert = true;
    std::optional<IpAddress> mcast_group4;
    std::optional<IpAddress> mcast_group6;
    GarpPacingConfig pacing;  // garp_interval, gna_interval, [[vrrp.garp_group]]
};

// nullopt after reporting a problem.
std::optional<AnnounceDefaults> parse_announce_defaults(const sdk::Config& vrrp);

// Fills the garp schedule, the lower/higher-priority answers and the multicast group of `c`
// (whose addresses are read already) from `instance`; false after reporting a problem.
bool parse_announce(const sdk::Config& instance, const AnnounceDefaults& defaults,
                    InstanceConfig& c);

}  // namespace routerd::vrrp
