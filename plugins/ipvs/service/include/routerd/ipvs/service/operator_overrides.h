// What the operator changed at run time (routerctl drain / weight) against the configuration:
// such an override lives until a reload changes the real server it is about, and no longer
// than that real server. Pure.
#pragma once

#include <string>
#include <vector>

#include "routerd/ipvs/service/desired_table.h"
#include "routerd/ipvs/service/model.h"

namespace routerd::ipvs {

// The real server a drain_key() names in `model`; nullptr when it has none.
const RealServer* find_real_server(const Model& model, const std::string& key);

// The keys of the overrides in `state` (drained or weighted) whose real server `after` removes
// or configures differently from `before`.
std::vector<std::string> overrides_ended_by(const Model& before, const Model& after,
                                            const RuntimeState& state);

// The configuration of `rs` as one string, stored with its override: an override whose real
// server was configured differently while routerd was stopped ends at the next start.
std::string configuration_fingerprint(const RealServer& rs);

// Drops every override of `key`.
void clear_override(RuntimeState& state, const std::string& key);

}  // namespace routerd::ipvs
