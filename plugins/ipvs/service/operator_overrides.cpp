#include "routerd/ipvs/service/operator_overrides.h"

#include <set>

namespace routerd::ipvs {

const RealServer* find_real_server(const Model& model, const std::string& key) {
    for (const VirtualServer& vs : model.virtual_servers) {
        for (const RealServer& rs : vs.real_servers) {
            if (drain_key(vs.name, rs.key()) == key) return &rs;
        }
    }
    return nullptr;
}

std::vector<std::string> overrides_ended_by(const Model& before, const Model& after,
                                            const RuntimeState& state) {
    std::set<std::string> keys(state.drained.begin(), state.drained.end());
    for (const auto& [key, weight] : state.weights)
        keys.insert(key);
    std::vector<std::string> ended;
    for (const std::string& key : keys) {
        const RealServer* was = find_real_server(before, key);
        const RealServer* now = find_real_server(after, key);
        if (now == nullptr || was == nullptr ||
            configuration_fingerprint(*was) != configuration_fingerprint(*now))
            ended.push_back(key);
    }
    return ended;
}

std::string configuration_fingerprint(const RealServer& rs) {
    // Every field of RealServer.
    std::vector<std::string> fields = {rs.name,
                                       rs.address,
                                       std::to_string(rs.port),
                                       std::to_string(rs.weight),
                                       std::to_string(static_cast<int>(rs.method)),
                                       std::to_string(static_cast<int>(rs.tun_type)),
                                       std::to_string(rs.tun_port),
                                       rs.inhibit_on_failure ? "1" : "0",
                                       rs.notify_up,
                                       rs.notify_down,
                                       std::to_string(rs.uthreshold),
                                       std::to_string(rs.lthreshold)};
    fields.insert(fields.end(), rs.check_ids.begin(), rs.check_ids.end());
    std::string out;
    for (const std::string& field : fields)
        out += std::to_string(field.size()) + ":" + field + ";";  // length-prefixed: unambiguous
    return out;
}

void clear_override(RuntimeState& state, const std::string& key) {
    state.drained.erase(key);
    state.weights.erase(key);
}

}  // namespace routerd::ipvs
