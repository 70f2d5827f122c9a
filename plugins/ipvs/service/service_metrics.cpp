#include "routerd/ipvs/service/service_metrics.h"

#include <set>

namespace routerd::ipvs {

ServiceMetrics::ServiceMetrics(const sdk::Host& host)
    : up_(host.gauge({"routerd_ipvs_real_server_up",
                      "1 when a real server takes new connections (in the forwarding table with "
                      "a weight above 0: healthy and not drained), else 0.",
                      {"virtual_server", "service", "real_server"}})),
      weight_(host.gauge({"routerd_ipvs_real_server_weight",
                          "A real server's weight in the forwarding table (0 when out).",
                          {"virtual_server", "service", "real_server"}})),
      quorum_(host.gauge({"routerd_ipvs_virtual_server_quorum_up",
                          "1 while a virtual server's healthy weight meets its quorum, else 0.",
                          {"virtual_server"}})),
      healthy_weight_(host.gauge({"routerd_ipvs_virtual_server_healthy_weight",
                                  "The total weight of a virtual server's healthy, undrained "
                                  "real servers.",
                                  {"virtual_server"}})) {}

void ServiceMetrics::update(const Model& model, const RuntimeState& state, const Table& applied,
                            const std::map<std::string, uint64_t>& healthy_weight) {
    std::set<std::tuple<std::string, std::string, std::string>> seen_real;
    std::set<std::string> seen_virtual;
    for (const VirtualServer& vs : model.virtual_servers) {
        auto [v, fresh_v] = virtual_.try_emplace(vs.name);
        if (fresh_v) {
            v->second = {quorum_.series({vs.name}), healthy_weight_.series({vs.name})};
        }
        v->second.quorum.set(state.has_quorum(vs.name) ? 1 : 0);
        const auto weight = healthy_weight.find(vs.name);
        v->second.healthy_weight.set(
            weight == healthy_weight.end() ? 0 : static_cast<double>(weight->second));
        seen_virtual.insert(vs.name);
        for (const std::string& key : vs.service_keys()) {
            const Service* running = applied.find(key);
            for (const RealServer& rs : vs.real_servers) {
                const std::tuple<std::string, std::string, std::string> id{vs.name, key, rs.key()};
                auto [r, fresh_r] = real_.try_emplace(id);
                if (fresh_r) {
                    r->second = {up_.series({vs.name, key, rs.key()}),
                                 weight_.series({vs.name, key, rs.key()})};
                }
                const Destination* d = running ? running->find(rs.key()) : nullptr;
                r->second.up.set(d != nullptr && d->in() ? 1 : 0);
                r->second.weight.set(d != nullptr ? d->weight : 0);
                seen_real.insert(id);
            }
        }
    }
    std::erase_if(real_, [&](auto& entry) {
        if (seen_real.contains(entry.first)) return false;
        entry.second.up.remove();
        entry.second.weight.remove();
        return true;
    });
    std::erase_if(virtual_, [&](auto& entry) {
        if (seen_virtual.contains(entry.first)) return false;
        entry.second.quorum.remove();
        entry.second.healthy_weight.remove();
        return true;
    });
}

}  // namespace routerd::ipvs
