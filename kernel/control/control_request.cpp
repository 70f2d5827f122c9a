#include "control/control_request.hpp"

#include <exception>
#include <string>

namespace routerd {
namespace {

// routerctl's requests nest three levels; copying or serialising a JSON value recurses once
// per level, so a deeper request could overflow the control thread's stack.
constexpr int kMaxDepth = 32;

}  // namespace

nlohmann::json answer_request(std::string_view line, const PeerCredentials& peer,
                              const ControlServer::Handler& handler) {
    // The parser itself does not recurse; what lies deeper than the limit is not even kept.
    bool too_deep = false;
    const nlohmann::json request = nlohmann::json::parse(
        line,
        [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
            if (depth > kMaxDepth) too_deep = true;
            return !too_deep;
        },
        false);
    if (too_deep) {
        return {
            {"ok", false},
            {"error", "the request nests deeper than " + std::to_string(kMaxDepth) + " levels"}};
    }
    if (request.is_discarded() || !request.is_object()) {
        return {{"ok", false}, {"error", "the request is not a JSON object"}};
    }
    try {
        return handler(request, peer);
    } catch (const std::exception& e) {
        return {{"ok", false}, {"error", e.what()}};
    }
}

}  // namespace routerd
