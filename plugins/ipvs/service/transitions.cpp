#include "routerd/ipvs/service/transitions.h"

#include <algorithm>
#include <set>

namespace routerd::ipvs {
namespace {

const VirtualServer* owner_of(const Model& model, const std::string& service_key) {
    for (const VirtualServer& vs : model.virtual_servers) {
        for (const std::string& key : vs.service_keys()) {
            if (key == service_key) return &vs;
        }
    }
    return nullptr;
}

const RealServer* real_server(const VirtualServer& vs, const std::string& address) {
    auto it = std::find_if(vs.real_servers.begin(), vs.real_servers.end(),
                           [&](const RealServer& rs) { return rs.key() == address; });
    return it == vs.real_servers.end() ? nullptr : &*it;
}

std::string reason_for(const Transition& t, const VirtualServer* vs, const RuntimeState& state,
                       const std::map<std::string, std::string>& check_reasons) {
    if (vs == nullptr) return "virtual server removed from the configuration";
    if (t.sorry_server)
        return t.now_in ? "quorum lost: sorry server in" : "quorum regained: sorry server out";
    const RealServer* rs = real_server(*vs, t.address);
    if (rs == nullptr) return "real server removed from the configuration";
    if (!state.has_quorum(vs->name) && vs->sorry_server) return "quorum lost: sorry server in";
    if (state.drained.count(drain_key(vs->name, rs->key())) > 0) return "drained";
    if (const std::string* failing = failing_check(*rs, state, vs->alpha)) {
        // With several checks the reason names the one that holds the real server out.
        const std::string which = rs->check_ids.size() > 1 ? " (" + *failing + ")" : "";
        auto why = check_reasons.find(*failing);
        const std::string detail =
            why == check_reasons.end() || why->second.empty() ? "" : ": " + why->second;
        return (rs->inhibit_on_failure ? "check down, inhibited (weight 0)" : "check down") +
               which + detail;
    }
    if (t.now_in && !t.was_in)
        return t.weight > 0 && rs->check_ids.empty() ? "configured" : "check up";
    return "weight " + std::to_string(t.weight);
}

}  // namespace

std::vector<Transition> transitions(const std::vector<Change>& changes, const Model& model,
                                    const RuntimeState& state,
                                    const std::map<std::string, std::string>& check_reasons) {
    std::vector<Transition> out;
    for (const Change& c : changes) {
        if (!c.before && !c.after) continue;  // a service change
        Transition t;
        t.service_key = c.service.key;
        t.address = (c.after ? c.after : c.before)->key();
        t.was_in = c.before && c.before->in();
        t.now_in = c.after && c.after->in();
        if (t.was_in == t.now_in) continue;
        t.weight = c.after ? c.after->weight : 0;
        const VirtualServer* vs = owner_of(model, c.service.key);
        if (vs != nullptr) {
            t.virtual_server = vs->name;
            t.sorry_server = vs->sorry_server && vs->sorry_server->key() == t.address &&
                             real_server(*vs, t.address) == nullptr;
        }
        t.reason = reason_for(t, vs, state, check_reasons);
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<RealServerNotice> real_server_notices(const std::vector<Transition>& transitions,
                                                  const Model& model) {
    std::vector<RealServerNotice> notices;
    std::set<std::string> seen;
    for (const Transition& t : transitions) {
        if (t.sorry_server || t.virtual_server.empty()) continue;
        const VirtualServer* vs = owner_of(model, t.service_key);
        const RealServer* rs = vs ? real_server(*vs, t.address) : nullptr;
        if (rs == nullptr) continue;
        const std::string once = t.virtual_server + "/" + t.address + (t.now_in ? "+" : "-");
        if (seen.insert(once).second) notices.push_back({vs, rs, t.now_in});
    }
    return notices;
}

std::vector<std::string> notify_scripts(const std::vector<RealServerNotice>& notices) {
    std::vector<std::string> scripts;
    for (const RealServerNotice& n : notices) {
        const std::string& script = n.up ? n.real_server->notify_up : n.real_server->notify_down;
        if (!script.empty()) scripts.push_back(script);
    }
    return scripts;
}

}  // namespace routerd::ipvs
