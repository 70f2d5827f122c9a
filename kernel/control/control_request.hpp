// One control-socket request line to its answer: the part of the control socket that reads a
// client's bytes, apart from the socket so that tests and the fuzzer drive it directly.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "control/control_server.hpp"

namespace routerd {

// The answer to `line` (one JSON object): `handler`'s, or {"ok": false, "error": ...} when the
// line is no JSON object or the handler throws. Never throws.
nlohmann::json answer_request(std::string_view line, const PeerCredentials& peer,
                              const ControlServer::Handler& handler);

}  // namespace routerd
