#include "routerd/ipvs/service/desired_table.h"

#include <algorithm>

#include "routerd/ipvs/service/quorum.h"

namespace routerd::ipvs {
namespace {

Destination destination_of(const RealServer& rs, uint32_t weight) {
    Destination d;
    d.address = rs.address;
    d.port = rs.port;
    d.weight = weight;
    d.method = rs.method;
    d.tun_type = rs.tun_type;
    d.tun_port = rs.tun_port;
    d.uthreshold = rs.uthreshold;
    d.lthreshold = rs.lthreshold;
    return d;
}

Service service_of(const VirtualServer& vs, const ServiceAddress& a,
                   std::vector<Destination> destinations) {
    Service s;
    s.key = vs.service_key(a);
    s.protocol = vs.protocol;
    s.address = a.address;
    s.port = a.port;
    s.fwmark = a.fwmark;
    s.fwmark_family = a.fwmark != 0 ? vs.fwmark_family : 0;
    s.scheduler = vs.scheduler;
    s.flags = vs.flags;
    s.persistence_timeout_ms = vs.persistence_timeout_ms;
    s.persistence_granularity = vs.persistence_granularity;
    s.persistence_engine = vs.persistence_engine;
    s.destinations = std::move(destinations);
    return s;
}

struct Destinations {
    std::vector<Destination> list;
    bool quorum_up = true;
    uint64_t healthy_weight = 0;
};

// The destinations of one virtual server: healthy ones at their weight, drained and
// inhibited ones at weight 0, failed ones left out; the sorry server alone without quorum.
Destinations destinations_of(const VirtualServer& vs, const RuntimeState& state) {
    Destinations out;
    for (const RealServer& rs : vs.real_servers) {
        const bool up = healthy(rs, state, vs.alpha);
        if (up) {
            const uint32_t weight = effective_weight(vs.name, rs, state);
            out.healthy_weight += weight;
            out.list.push_back(destination_of(rs, weight));
        } else if (rs.inhibit_on_failure) {
            out.list.push_back(destination_of(rs, 0));
        }
    }
    out.quorum_up =
        next_quorum_up(state.has_quorum(vs.name), out.healthy_weight, vs.quorum, vs.hysteresis);
    // keepalived (check/ipwrapper.c perform_quorum_state): without quorum the sorry server
    // takes the traffic and the remaining real servers leave the table.
    if (!out.quorum_up && vs.sorry_server) {
        out.list = {destination_of(*vs.sorry_server, vs.sorry_server->weight)};
    } else if (vs.sorry_server && vs.sorry_server->inhibit_on_failure &&
               std::none_of(out.list.begin(), out.list.end(), [&](const Destination& d) {
                   return d.key() == vs.sorry_server->key();
               })) {
        // sorry_server_inhibit: with quorum the sorry server stays at weight 0 instead of
        // leaving (Keepalived "Disabling sorry server"), as inhibit_on_failure keeps a failed
        // real server; a real server at the same address stays the one entry.
        out.list.push_back(destination_of(*vs.sorry_server, 0));
    }
    return out;
}

}  // namespace

std::string drain_key(const std::string& virtual_server, const std::string& real_server_key) {
    return virtual_server + "/" + real_server_key;
}

uint32_t effective_weight(const std::string& virtual_server, const RealServer& rs,
                          const RuntimeState& state) {
    const std::string key = drain_key(virtual_server, rs.key());
    if (state.drained.count(key) > 0) return 0;
    const auto set = state.weights.find(key);
    return set != state.weights.end() ? set->second : rs.weight;
}

Health check_health(const std::string& check_id, const RuntimeState& state) {
    auto it = state.health.find(check_id);
    return it == state.health.end() ? Health::unknown : it->second;
}

const std::string* failing_check(const RealServer& rs, const RuntimeState& state, bool alpha) {
    for (const std::string& id : rs.check_ids) {
        const Health h = check_health(id, state);
        if (h == Health::down || (h == Health::unknown && alpha)) return &id;
    }
    return nullptr;
}

bool healthy(const RealServer& rs, const RuntimeState& state, bool alpha) {
    return failing_check(rs, state, alpha) == nullptr;
}

Desired desired_table(const Model& model, const RuntimeState& state, const Table& previous) {
    Desired out;
    for (const VirtualServer& vs : model.virtual_servers) {
        const bool suspended = state.suspended.count(vs.name) > 0;
        const Destinations d = destinations_of(vs, state);
        out.healthy_weight[vs.name] = d.healthy_weight;
        if (suspended) {
            out.quorum_up[vs.name] = state.has_quorum(vs.name);
            // Its destinations stay as they were (settings from the configuration still
            // apply); a virtual server new in this configuration starts from the
            // configuration alone (health unknown, as Keepalived's suspended checkers leave it).
            RuntimeState unknown = state;
            unknown.health.clear();
            const Destinations fresh = destinations_of(vs, unknown);
            for (const ServiceAddress& a : vs.addresses) {
                const Service* kept = previous.find(vs.service_key(a));
                out.table.services.push_back(
                    service_of(vs, a, kept ? kept->destinations : fresh.list));
            }
            continue;
        }
        out.quorum_up[vs.name] = d.quorum_up;
        for (const ServiceAddress& a : vs.addresses)
            out.table.services.push_back(service_of(vs, a, d.list));
    }
    return out;
}

}  // namespace routerd::ipvs
