// The desired forwarding table as a pure function of the configuration and what is known at
// run time: check health, operator drains, quorum state and VRRP suspension.
#pragma once

#include <map>
#include <set>
#include <string>

#include "routerd/ipvs/service/model.h"
#include "routerd/ipvs/table/table.h"

namespace routerd::ipvs {

enum class Health { unknown, up, down };

struct RuntimeState {
    std::map<std::string, Health> health;  // by check id; absent: unknown
    // Drained real servers by drain_key(): kept in the table with weight 0.
    std::set<std::string> drained;
    // Weights the operator set at run time (routerctl weight), by drain_key(): they replace the
    // configured weight until a reload changes that real server (operator_overrides.h).
    std::map<std::string, uint32_t> weights;
    std::map<std::string, bool> quorum_up;  // by virtual server name; absent: up
    // Virtual servers with ha_suspend whose VRRP instance is not MASTER: their part of the
    // table stays as it was (keepalived.conf(5) ha_suspend: no changes while the VIP is away).
    std::set<std::string> suspended;

    // Whether the virtual server has quorum (one never judged yet has).
    bool has_quorum(const std::string& virtual_server) const {
        const auto it = quorum_up.find(virtual_server);
        return it == quorum_up.end() || it->second;
    }
};

std::string drain_key(const std::string& virtual_server, const std::string& real_server_key);

// The weight a healthy real server of `virtual_server` runs at: 0 when drained, else the
// operator's weight, else the configured one.
uint32_t effective_weight(const std::string& virtual_server, const RealServer& rs,
                          const RuntimeState& state);

// One check's health: unknown until it reports.
Health check_health(const std::string& check_id, const RuntimeState& state);

// The first of the real server's checks that holds it out (down, or unknown under `alpha`), or
// nullptr: every check is up (Keepalived removes a real server when any checker fails).
const std::string* failing_check(const RealServer& rs, const RuntimeState& state, bool alpha);

// Health of one real server: no check means always up; unknown counts as up unless `alpha`.
bool healthy(const RealServer& rs, const RuntimeState& state, bool alpha);

struct Desired {
    Table table;
    std::map<std::string, bool> quorum_up;  // the new quorum state of every virtual server
    // The total weight of every virtual server's healthy, undrained real servers.
    std::map<std::string, uint64_t> healthy_weight;
};

// `previous` is the table applied last (what suspended virtual servers keep).
Desired desired_table(const Model& model, const RuntimeState& state, const Table& previous);

}  // namespace routerd::ipvs
