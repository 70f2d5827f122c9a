// The control socket's request handling on arbitrary request lines, from peers of each access
// level (root, a control_group member, a stranger): the access rule decides as documented
// (strangers always refused, root never, a member exactly when the request only reads), a
// plugin request's inner JSON reaches the plugin intact, and every answer is a JSON object
// with a boolean "ok" (and an "error" text when false) that serialises without throwing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "control/control_access.hpp"
#include "control/control_request.hpp"

namespace {

using namespace routerd;

constexpr uid_t kSelf = 1000;
constexpr gid_t kControlGroup = 50;

PeerCredentials peer_for(uint8_t choice) {
    PeerCredentials peer;
    peer.pid = 4242;
    switch (choice % 4) {
        case 0:
            peer.uid = 0;
            peer.gid = 0;
            break;
        case 1:
            peer.uid = 2000;
            peer.gid = kControlGroup;
            break;
        case 2:
            peer.uid = 2001;
            peer.gid = 100;
            peer.groups = {100, kControlGroup};
            break;
        default:
            peer.uid = 2002;
            peer.gid = 100;
            break;
    }
    return peer;
}

bool plugin_read_only(std::string_view plugin, std::string_view verb) {
    return plugin == "ipvs" && (verb.empty() || verb == "show" || verb == "json");
}

// What the daemon's handler does before it runs a verb.
nlohmann::json handle(const nlohmann::json& request, const PeerCredentials& peer) {
    const ControlAccess access = control_access(peer, kSelf, kControlGroup);
    const auto refusal = refusal_for(request, access, plugin_read_only);
    if (access == ControlAccess::none && !refusal) std::abort();
    if (access == ControlAccess::full && refusal) std::abort();
    if (access == ControlAccess::read_only &&
        refusal.has_value() == read_only_request(request, plugin_read_only))
        std::abort();
    if (refusal) return {{"ok", false}, {"error", *refusal}};
    if (request.value("command", "") == "plugin") {
        const nlohmann::json inner = request.value("request", nlohmann::json::object());
        if (nlohmann::json::parse(inner.dump()) != inner) std::abort();
    }
    return {{"ok", true}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string_view line(reinterpret_cast<const char*>(data) + 1, size - 1);
    const nlohmann::json answer = answer_request(line, peer_for(data[0]), handle);
    if (!answer.is_object() || !answer.contains("ok") || !answer["ok"].is_boolean()) std::abort();
    if (!answer["ok"].get<bool>() && !answer.value("error", nlohmann::json()).is_string())
        std::abort();
    (void)answer.dump();
    return 0;
}
