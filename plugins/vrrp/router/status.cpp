#include "status.hpp"

#include <sstream>

namespace routerd::vrrp {

nlohmann::json status_json(const std::map<std::string, std::unique_ptr<Instance>>& instances,
                           const SyncGroups& groups, const ReceiveCounters& received) {
    nlohmann::json by_name = nlohmann::json::object();
    for (const auto& [name, i] : instances) {
        const InstanceConfig& config = i->config();
        const Instance::Counters& counters = i->counters();
        nlohmann::json drops = nlohmann::json::object();
        for (size_t r = 0; r < kDropReasonCount; ++r) {
            if (counters.drops[r] > 0)
                drops[std::string(vrrp::name(static_cast<DropReason>(r)))] = counters.drops[r];
        }
        nlohmann::json addresses = nlohmann::json::array();
        for (const VirtualAddress& vip : config.addresses)
            addresses.push_back(vip.text());
        nlohmann::json mismatch = nullptr;
        if (const auto& m = i->address_list().current()) {
            nlohmann::json advertised = nlohmann::json::array();
            for (const IpAddress& a : m->advertised)
                advertised.push_back(a.to_string());
            mismatch = {{"from", m->source.to_string()},
                        {"advertised", advertised},
                        {"processed", m->processed},
                        {"adverts", m->adverts}};
        }
        const Machine* machine = i->machine();
        by_name[name] = {{"interface", config.interface},
                         {"virtual_router_id", config.params.vrid},
                         {"version", static_cast<int>(config.params.version)},
                         {"state", machine ? std::string(vrrp::name(machine->state())) : "STOPPED"},
                         {"priority", machine ? machine->priority() : 0},
                         {"base_priority", config.machine.priority},
                         {"why", i->why()},
                         {"master", i->master()},
                         {"source", i->source().to_string()},
                         {"addresses", addresses},
                         {"adverts_in", counters.adverts_in},
                         {"adverts_out", counters.adverts_out},
                         {"transitions", counters.transitions},
                         {"drops", drops},
                         {"address_list_differs", mismatch}};
    }
    nlohmann::json sync_groups = nlohmann::json::object();
    for (const auto& [name, g] : groups.groups()) {
        sync_groups[name] = {{"state", std::string(vrrp::name(g.state))},
                             {"members", g.config.members}};
    }
    return nlohmann::json{{"instances", by_name},
                          {"sync_groups", sync_groups},
                          {"unknown_vrid_drops", received.unknown_vrid},
                          {"receive",
                           {{"truncated", received.truncated},
                            {"queue_full_drops", received.queue_full_drops},
                            {"yields", received.yields},
                            {"filter_errors", received.filter_errors}}}};
}

std::string status_text(const nlohmann::json& s) {
    std::ostringstream out;
    for (const auto& [name, i] : s["instances"].items()) {
        out << name << "  " << i["state"].get<std::string>() << "  priority " << i["priority"]
            << " (" << i["why"].get<std::string>() << ")\n"
            << "  interface " << i["interface"].get<std::string>() << ", VRID "
            << i["virtual_router_id"] << ", VRRPv" << i["version"] << ", master "
            << (i["master"].get<std::string>().empty() ? "unknown" : i["master"].get<std::string>())
            << "\n  addresses " << i["addresses"].dump() << "\n  adverts in " << i["adverts_in"]
            << ", out " << i["adverts_out"] << ", transitions " << i["transitions"] << ", drops "
            << i["drops"].dump() << "\n";
        if (const auto& m = i["address_list_differs"]; !m.is_null()) {
            out << "  address list mismatch: " << m["from"].get<std::string>() << " advertises "
                << m["advertised"].dump() << " (" << m["adverts"] << " adverts, "
                << (m["processed"].get<bool>() ? "processed" : "dropped") << ")\n";
        }
    }
    for (const auto& [name, g] : s["sync_groups"].items()) {
        out << "sync group " << name << "  " << g["state"].get<std::string>() << "  "
            << g["members"].dump() << "\n";
    }
    if (s["instances"].empty()) out << "no VRRP instances configured\n";
    return out.str();
}

}  // namespace routerd::vrrp
