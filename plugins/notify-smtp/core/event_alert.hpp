// Which bus events become alerts, and what they say (field meanings: plugin.h).
#pragma once

#include <routerd/plugin.hpp>

#include <optional>

#include "alert.hpp"

namespace routerd::smtp {

// The alert for a VRRP transition, a real server change or a standalone check result, or
// nullopt when none is due:
//  - the object's own "smtp_alert" in the event's data wins over `smtp_alert_default`
//    (keepalived.conf(5): smtp_alert in global_defs, vrrp_instance, vrrp_sync_group,
//    virtual_server and each checker);
//  - INIT is not a state anyone is alerted about, and a check's first result being UP
//    (previous_state -1) is not news;
//  - results of checks attached to real servers (ids "type@target/hash") are left to the
//    REAL_SERVER event that the load balancer publishes for them.
// Throws std::invalid_argument for an event that breaks plugin.h's conventions.
std::optional<Alert> alert_from_event(const sdk::Event& event, bool smtp_alert_default);

// Whether a check id names a standalone [checks.NAME] check rather than an attached one.
bool is_standalone_check(std::string_view check_id);

}  // namespace routerd::smtp
