// routerd's JSON answers as text for a person: one function per verb, each built on TextTable.
// Pure: JSON in, text out (a malformed answer throws nlohmann::json's exceptions).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace routerd::ctl {

// answer["status"] of `status`: the daemon, warnings about the store, plugins, checks.
std::string render_status(const nlohmann::json& status);
// answer["checks"] of `checks` (also a part of `status`).
std::string render_checks(const nlohmann::json& checks);
// The answer of `reload`: applied or not, and what changed.
std::string render_reload(const nlohmann::json& answer);
// The vrrp plugin's `json` view: instances, sync groups, address list mismatches, receive
// counters.
std::string render_vrrp(const nlohmann::json& view);
// The ipvs plugin's `json` view: virtual servers and their real servers.
std::string render_virtual_servers(const nlohmann::json& view);
// The notify-smtp plugin's `list`: queued, sent and failed alerts.
std::string render_alerts(const nlohmann::json& list);
// answer["history"] of `history`: newest first.
std::string render_history(const nlohmann::json& rows);

// "2026-12-06T20:41:07.250Z" for nanoseconds since the epoch.
std::string utc_time_text(int64_t unix_ns);

}  // namespace routerd::ctl
