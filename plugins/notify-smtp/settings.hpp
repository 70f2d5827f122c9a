// The [notify-smtp] table, with keepalived.conf(5) global_defs names where Keepalived has
// one (notification_email, notification_email_from, smtp_server, smtp_helo_name,
// smtp_connect_timeout, smtp_alert, smtp_alert_vrrp, smtp_alert_checker, no_email_faults) and
// routerd's own for what Keepalived lacks.
#pragma once

#include <routerd/plugin.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "backoff.hpp"
#include "event_alert.hpp"
#include "smtp_sender.hpp"

namespace routerd::smtp {

struct Settings {
    std::vector<std::string> recipients;  // notification_email
    std::string from;                     // notification_email_from
    SenderSettings sender;                // smtp_server, smtp_helo_name, tls*, smtp_username, ...
    AlertDefaults
        alert_defaults;  // smtp_alert, smtp_alert_vrrp, smtp_alert_checker, no_email_faults
    std::chrono::seconds coalesce_window{0};  // 0: one mail per event
    BackoffPolicy backoff;
    std::string router_id;  // [global] router_id, else the host name (as Keepalived)
    std::string host_name;
};

// Reports every mistake through `config` (file:line:col) and returns nullopt if any.
// `global` is what [global] says, `host_name` this machine's name (for defaults).
std::optional<Settings> read_settings(const sdk::Config& config, const sdk::GlobalConfig& global,
                                      const std::string& host_name);

}  // namespace routerd::smtp
