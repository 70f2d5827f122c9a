#include "prefix_health.hpp"

namespace routerd::announce_bgp {

Health prefix_health(const Conditions& conditions, const Signals& signals) {
    std::string why;
    auto holds = [&why](const std::string& what) { why += (why.empty() ? "" : ", ") + what; };
    for (const std::string& c : conditions.checks) {
        auto it = signals.checks.find(c);
        if (it == signals.checks.end()) return {false, "check " + c + " not reported yet"};
        if (!it->second.up) return {false, "check " + c + " down: " + it->second.reason};
        holds("check " + c + " up");
    }
    if (const auto& vs = conditions.virtual_server) {
        const std::string what = "virtual server " + *vs;
        auto it = signals.quorum.find(*vs);
        if (it == signals.quorum.end()) return {false, what + ": quorum not reported yet"};
        if (!it->second.up) return {false, what + " without quorum: " + it->second.reason};
        holds(what + " has quorum");
    }
    if (const auto& instance = conditions.vrrp_instance) {
        auto it = signals.master.find(*instance);
        if (it == signals.master.end() || !it->second)
            return {false, "VRRP " + *instance + " not MASTER"};
        holds("VRRP " + *instance + " MASTER");
    }
    return {true, why};
}

}  // namespace routerd::announce_bgp
