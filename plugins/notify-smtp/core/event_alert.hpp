// Which bus events become alerts, and what they say (field meanings: plugin.h).
#pragma once

#include <routerd/plugin.hpp>

#include <optional>

#include "alert.hpp"

namespace routerd::smtp {

// Whether an object without a "smtp_alert" of its own is alerted about, by the kind of event
// (keepalived.conf(5) global_defs: smtp_alert, then smtp_alert_vrrp and smtp_alert_checker
// over it), and whether a VRRP instance or sync group entering FAULT is (no_email_faults).
struct AlertDefaults {
    bool vrrp = true;     // VRRP transitions of instances and sync groups
    bool checker = true;  // real servers, standalone checks, virtual servers' quorum
    bool faults = true;   // false: no alert for entering FAULT, whatever the object says
};

// The alert for a VRRP transition, a real server change or a standalone check result, or
// nullopt when none is due:
//  - the object's own "smtp_alert" in the event's data wins over `defaults` (keepalived.conf(5):
//    smtp_alert in global_defs, vrrp_instance, vrrp_sync_group, virtual_server and each
//    checker);
//  - INIT is not a state anyone is alerted about, and a check's first result being UP
//    (previous_state -1) is not news;
//  - results of checks attached to real servers (ids "type@target/hash") are left to the
//    REAL_SERVER event that the load balancer publishes for them.
// Throws std::invalid_argument for an event that breaks plugin.h's conventions.
std::optional<Alert> alert_from_event(const sdk::Event& event, const AlertDefaults& defaults);

// Whether a check id names a standalone [checks.NAME] check rather than an attached one.
bool is_standalone_check(std::string_view check_id);

}  // namespace routerd::smtp
