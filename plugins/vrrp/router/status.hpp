// What `routerctl vrrp` shows: every instance and sync group, as JSON and as text.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "endpoints.hpp"
#include "instance.hpp"
#include "sync_groups.hpp"

namespace routerd::vrrp {

nlohmann::json status_json(const std::map<std::string, std::unique_ptr<Instance>>& instances,
                           const SyncGroups& groups, const ReceiveCounters& received);
std::string status_text(const nlohmann::json& status);

}  // namespace routerd::vrrp
