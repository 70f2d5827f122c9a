#include "routerd/ipvs/service/status_view.h"

#include <sstream>

namespace routerd::ipvs {
namespace {

const char* health_name(Health h) {
    switch (h) {
        case Health::up:
            return "up";
        case Health::down:
            return "down";
        case Health::unknown:
            break;
    }
    return "unknown";
}

// The real server's health over all its checks: down when one is down (it is out), else
// unknown while one has not reported, else up.
std::string health_text(const RealServer& rs, const RuntimeState& state) {
    if (rs.check_ids.empty()) return "no check";
    Health worst = Health::up;
    for (const std::string& id : rs.check_ids) {
        const Health h = check_health(id, state);
        if (h == Health::down) return health_name(h);
        if (h == Health::unknown) worst = h;
    }
    return health_name(worst);
}

// Each check's own state, by id.
nlohmann::json checks_json(const RealServer& rs, const RuntimeState& state) {
    nlohmann::json out = nlohmann::json::array();
    for (const std::string& id : rs.check_ids)
        out.push_back({{"id", id}, {"health", health_name(check_health(id, state))}});
    return out;
}

nlohmann::json destination_json(const std::string& name, const std::string& health,
                                const std::string& key, const Service* running, bool drained,
                                uint32_t configured_weight, nlohmann::json weight_override) {
    const Destination* d = running ? running->find(key) : nullptr;
    return {{"name", name},
            {"address", key},
            {"health", health},
            {"drained", drained},
            {"configured_weight", configured_weight},
            {"weight_override", std::move(weight_override)},
            {"in_table", d != nullptr},
            {"weight", d ? d->weight : 0},
            {"active_connections", d ? d->active_connections : 0},
            {"inactive_connections", d ? d->inactive_connections : 0}};
}

}  // namespace

nlohmann::json status_json(const std::string& forwarder, const Model& model,
                           const RuntimeState& state, const Table& running) {
    nlohmann::json servers = nlohmann::json::array();
    for (const VirtualServer& vs : model.virtual_servers) {
        for (const std::string& key : vs.service_keys()) {
            const Service* service = running.find(key);
            nlohmann::json reals = nlohmann::json::array();
            for (const RealServer& rs : vs.real_servers) {
                const std::string drain = drain_key(vs.name, rs.key());
                const auto set = state.weights.find(drain);
                nlohmann::json real = destination_json(
                    rs.name, health_text(rs, state), rs.key(), service,
                    state.drained.count(drain) > 0, rs.weight,
                    set != state.weights.end() ? nlohmann::json(set->second) : nullptr);
                real["checks"] = checks_json(rs, state);
                reals.push_back(std::move(real));
            }
            if (vs.sorry_server) {
                reals.push_back(destination_json("sorry_server", "-", vs.sorry_server->key(),
                                                 service, false, vs.sorry_server->weight, nullptr));
            }
            servers.push_back({{"name", vs.name},
                               {"service", key},
                               {"scheduler", vs.scheduler},
                               {"in_table", service != nullptr},
                               {"quorum_up", state.has_quorum(vs.name)},
                               {"suspended", state.suspended.count(vs.name) > 0},
                               {"real_servers", reals}});
        }
    }
    return {{"forwarder", forwarder}, {"virtual_servers", servers}};
}

std::string status_text(const nlohmann::json& status) {
    std::ostringstream out;
    out << "forwarder: " << status.value("forwarder", "") << "\n";
    for (const auto& vs : status.at("virtual_servers")) {
        out << vs.value("service", "") << "  (" << vs.value("name", "") << ", "
            << vs.value("scheduler", "") << (vs.value("quorum_up", true) ? "" : ", QUORUM LOST")
            << (vs.value("suspended", false) ? ", suspended" : "")
            << (vs.value("in_table", false) ? "" : ", not in the forwarder") << ")\n";
        for (const auto& rs : vs.at("real_servers")) {
            char line[256];
            std::snprintf(line, sizeof line,
                          "  -> %-24s %-12s %-8s weight %-5u active %-6u inactive %u%s%s%s\n",
                          rs.value("address", "").c_str(), rs.value("name", "").c_str(),
                          rs.value("health", "").c_str(), rs.value("weight", 0u),
                          rs.value("active_connections", 0u), rs.value("inactive_connections", 0u),
                          rs.value("drained", false) ? "  drained" : "",
                          rs.value("weight_override", nlohmann::json()).is_number()
                              ? "  weight set at run time"
                              : "",
                          rs.value("in_table", false) ? "" : "  (out)");
            out << line;
            // With several checks: the ones that are not up (any of them holds it out).
            const nlohmann::json checks = rs.value("checks", nlohmann::json::array());
            for (const auto& check : checks) {
                if (checks.size() > 1 && check.value("health", "") != "up")
                    out << "       check " << check.value("id", "") << ": "
                        << check.value("health", "") << "\n";
            }
        }
    }
    return out.str();
}

}  // namespace routerd::ipvs
