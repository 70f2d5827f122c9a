#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace routerd {

// routerd's JSON answer to `command`, as text for a person.
std::string status_text(const std::string& command, const nlohmann::json& answer);

}  // namespace routerd
