#include "config_scheduling.hpp"

#include <string>

namespace routerd::vrrp {
namespace {

using std::chrono::microseconds;

// A duration key that Keepalived takes in microseconds: a whole number of them in
// [least, most]; nullopt after reporting "must be a whole number of microseconds, RANGE".
std::optional<microseconds> whole_microseconds(const sdk::Config& key, microseconds least,
                                               microseconds most, const std::string& range) {
    const auto value = key.duration();
    if (!value) return std::nullopt;
    const auto us = std::chrono::duration_cast<microseconds>(*value);
    if (us < least || us > most || us != *value) {
        key.error("must be a whole number of microseconds, " + range);
        return std::nullopt;
    }
    return us;
}

}  // namespace

std::optional<ThreadScheduling> parse_scheduling(const sdk::Config& vrrp) {
    ThreadScheduling s;
    bool ok = true;
    // keepalived.conf(5): vrrp_priority <-20 to 19>, vrrp_rt_priority <1..99>.
    if (const sdk::Config nice = vrrp["nice"]; nice.present()) {
        const auto value = nice.integer(-20, 19);
        ok = value.has_value();
        if (value) s.nice = static_cast<int>(*value);
    }
    if (const sdk::Config rt = vrrp["rt_priority"]; rt.present()) {
        const auto value = rt.integer(1, 99);
        ok = value.has_value() && ok;
        if (value) s.rt_priority = static_cast<int>(*value);
    }
    // keepalived.conf(5): vrrp_rlimit_rttime >= 2 (microseconds).
    if (const sdk::Config rttime = vrrp["rlimit_rttime"]; rttime.present()) {
        const auto us =
            whole_microseconds(rttime, microseconds(2), microseconds::max(), "2us or more");
        ok = us.has_value() && ok;
        if (us) s.rlimit_rttime = *us;
    }
    // keepalived.conf(5): max_auto_priority [-1 to 99], where 0 (and -1, which only silences
    // Keepalived's start-up notice) turns the rises off; min_auto_priority_delay 1..10000000
    // microseconds.
    if (const sdk::Config max = vrrp["max_auto_priority"]; max.present()) {
        const auto value = max.integer(0, 99);
        ok = value.has_value() && ok;
        if (value) s.max_auto_priority = static_cast<int>(*value);
    }
    if (const sdk::Config delay = vrrp["min_auto_priority_delay"]; delay.present()) {
        const auto us =
            whole_microseconds(delay, microseconds(1), std::chrono::seconds(10), "from 1us to 10s");
        ok = us.has_value() && ok;
        if (us) s.min_auto_priority_delay = *us;
    }
    s.no_swap = vrrp["no_swap"].boolean().value_or(false);
    if (!ok) return std::nullopt;
    return s;
}

bool require_scheduling_privileges(const sdk::Host& host, const sdk::Config& vrrp,
                                   const ThreadScheduling& scheduling) {
    bool ok = true;
    if (scheduling.rt_priority)
        ok = host.require_privilege(vrrp["rt_priority"], ROUTERD_PRIVILEGE_REALTIME) && ok;
    if (scheduling.max_auto_priority > 0)
        ok = host.require_privilege(vrrp["max_auto_priority"], ROUTERD_PRIVILEGE_REALTIME) && ok;
    if (scheduling.nice)
        ok = host.require_privilege(vrrp["nice"], ROUTERD_PRIVILEGE_REALTIME) && ok;
    if (scheduling.no_swap)
        ok = host.require_privilege(vrrp["no_swap"], ROUTERD_PRIVILEGE_LOCK_MEMORY) && ok;
    return ok;
}

}  // namespace routerd::vrrp
