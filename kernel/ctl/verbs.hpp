// What each routerctl verb asks routerd, and how its answer is shown. Pure: the clock comes in
// as `now_unix_ns` (history's --since is relative to it).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "ctl/invocation.hpp"

namespace routerd::ctl {

// The control request for `inv` (not for drain-node, which is a dialogue of its own).
nlohmann::json request_for(const Invocation& inv, int64_t now_unix_ns);

// The text for a person of routerd's successful answer to `inv`.
std::string render_answer(const Invocation& inv, const nlohmann::json& answer);

// routerctl --help.
extern const char* const kUsage;

}  // namespace routerd::ctl
