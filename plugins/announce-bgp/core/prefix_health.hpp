// Whether what a prefix stands for is healthy: every condition it follows must hold. Pure:
// the plugin keeps the last word of each check, virtual server and VRRP instance it heard on
// the event bus and asks here.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace routerd::announce_bgp {

// What one prefix follows (the [announce-bgp.prefix.NAME] keys).
struct Conditions {
    std::vector<std::string> checks;            // standalone [checks.NAME]: all up
    std::optional<std::string> virtual_server;  // [ipvs.virtual_server.NAME]: quorum up
    std::optional<std::string> vrrp_instance;   // [vrrp] instance or sync group: MASTER
};

// The last word heard of one check or one virtual server's quorum.
struct Signal {
    bool up = false;
    std::string reason;
};

struct Signals {
    std::map<std::string, Signal> checks;  // by check name
    std::map<std::string, Signal> quorum;  // by virtual server name
    std::map<std::string, bool> master;    // by VRRP instance or sync group: MASTER or not
};

struct Health {
    bool healthy = false;
    // The first condition that fails, or every condition that holds.
    std::string why;
};

// Anything not heard of yet counts as down: a prefix is announced on evidence only.
Health prefix_health(const Conditions& conditions, const Signals& signals);

}  // namespace routerd::announce_bgp
