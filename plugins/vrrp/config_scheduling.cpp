#include "config_scheduling.hpp"

namespace routerd::vrrp {

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
        const auto value = rttime.duration();
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
            value.value_or(std::chrono::nanoseconds(0)));
        if (!value) {
            ok = false;
        } else if (us < std::chrono::microseconds(2) || us != *value) {
            rttime.error("must be a whole number of microseconds, 2us or more");
            ok = false;
        } else {
            s.rlimit_rttime = us;
        }
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
    if (scheduling.nice)
        ok = host.require_privilege(vrrp["nice"], ROUTERD_PRIVILEGE_REALTIME) && ok;
    if (scheduling.no_swap)
        ok = host.require_privilege(vrrp["no_swap"], ROUTERD_PRIVILEGE_LOCK_MEMORY) && ok;
    return ok;
}

}  // namespace routerd::vrrp
