// What `routerctl ipvs` shows: every virtual server, its real servers with health, weight and
// connection counts (from the forwarder's read()), and the forwarder in use.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "routerd/ipvs/service/desired_table.h"
#include "routerd/ipvs/service/model.h"
#include "routerd/ipvs/table/table.h"

namespace routerd::ipvs {

nlohmann::json status_json(const std::string& forwarder, const Model& model,
                           const RuntimeState& state, const Table& running);

// The same as aligned text for a terminal.
std::string status_text(const nlohmann::json& status);

}  // namespace routerd::ipvs
