#include "control/control_request.hpp"

#include <exception>

namespace routerd {

nlohmann::json answer_request(std::string_view line, const PeerCredentials& peer,
                              const ControlServer::Handler& handler) {
    const nlohmann::json request = nlohmann::json::parse(line, nullptr, false);
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
