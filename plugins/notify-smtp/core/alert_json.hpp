// An alert as the text the durable queue keeps, so that it can be rendered again after a
// restart (with the router_id and host name of the routerd that finally sends it).
#pragma once

#include <string>
#include <string_view>

#include "alert.hpp"

namespace routerd::smtp {

std::string alert_to_json(const Alert& alert);
// Throws std::invalid_argument if `json` is not what alert_to_json() writes.
Alert alert_from_json(std::string_view json);

}  // namespace routerd::smtp
