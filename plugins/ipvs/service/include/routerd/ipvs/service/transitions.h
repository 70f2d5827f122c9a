// What a list of table changes means for the people watching: which real servers went in or
// out of the forwarding table (REAL_SERVER events, notify_up / notify_down scripts), and why.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "routerd/ipvs/service/desired_table.h"
#include "routerd/ipvs/service/model.h"
#include "routerd/ipvs/table/reconciler.h"

namespace routerd::ipvs {

struct Transition {
    std::string virtual_server;  // its name in the configuration ("" if no longer configured)
    std::string service_key;     // the event's subject
    std::string address;         // the real server's "ip:port"
    bool was_in = false;         // taking new connections before
    bool now_in = false;
    uint32_t weight = 0;  // the weight now (0 when out)
    bool sorry_server = false;
    std::string reason;
};

// `check_reasons`: the last reason each check gave (by check id).
std::vector<Transition> transitions(const std::vector<Change>& changes, const Model& model,
                                    const RuntimeState& state,
                                    const std::map<std::string, std::string>& check_reasons);

// A configured real server that went in (up) or out of its virtual server's table: what runs
// its notify_up / notify_down and writes its notify FIFO line.
struct RealServerNotice {
    const VirtualServer* virtual_server;
    const RealServer* real_server;
    bool up;
};

// The notices the transitions call for (sorry servers and removed real servers have none),
// each real server once even when it serves several addresses of a virtual_server_group.
std::vector<RealServerNotice> real_server_notices(const std::vector<Transition>& transitions,
                                                  const Model& model);

// Their notify_up / notify_down scripts, those that have one.
std::vector<std::string> notify_scripts(const std::vector<RealServerNotice>& notices);

}  // namespace routerd::ipvs
