// The forwarding table as the JSON document of plugin.h (routerd_forwarder_api_t).
#pragma once

#include <string>
#include <string_view>

#include "routerd/ipvs/service/table.h"

namespace routerd::ipvs {

// With connection counters (what a forwarder's read() returns) or without (what apply() gets).
std::string to_json(const Table& table, bool with_counters = false);

// Parses a table; throws std::invalid_argument naming the offending field.
Table table_from_json(std::string_view text);

}  // namespace routerd::ipvs
