#include "control/control_access.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace routerd {
namespace {

// The kernel's own verbs, and whether each only reads state. "plugin" depends on the plugin.
constexpr std::array<std::pair<std::string_view, bool>, 4> kKernelVerbs{{
    {"status", true},
    {"checks", true},
    {"history", true},
    {"reload", false},
}};

}  // namespace

ControlAccess control_access(const PeerCredentials& peer, uid_t self_uid,
                             std::optional<gid_t> control_group) {
    if (peer.uid == static_cast<uid_t>(-1)) return ControlAccess::none;  // unknown peer
    if (peer.uid == 0 || peer.uid == self_uid) return ControlAccess::full;
    if (control_group &&
        (peer.gid == *control_group ||
         std::find(peer.groups.begin(), peer.groups.end(), *control_group) != peer.groups.end())) {
        return ControlAccess::read_only;
    }
    return ControlAccess::none;
}

bool read_only_request(const nlohmann::json& request, const PluginCommandIsReadOnly& plugin) {
    const std::string command = request.value("command", "");
    for (const auto& [verb, read_only] : kKernelVerbs) {
        if (verb == command) return read_only;
    }
    if (command != "plugin") return false;
    std::string verb;
    const nlohmann::json inner = request.value("request", nlohmann::json::object());
    if (inner.is_object() && inner.contains("args")) {
        const nlohmann::json& args = inner["args"];
        if (!args.is_array()) return false;
        if (!args.empty()) {
            if (!args[0].is_string()) return false;
            verb = args[0].get<std::string>();
        }
    }
    return plugin(request.value("plugin", ""), verb);
}

std::optional<std::string> refusal_for(const nlohmann::json& request, ControlAccess access,
                                       const PluginCommandIsReadOnly& plugin) {
    switch (access) {
        case ControlAccess::full:
            return std::nullopt;
        case ControlAccess::read_only:
            if (read_only_request(request, plugin)) return std::nullopt;
            return "permission denied: members of the control group may only read (status, "
                   "checks, history, read-only plugin commands); this needs root";
        case ControlAccess::none:
            break;
    }
    return "permission denied: only root or members of [global] control_group may use the "
           "control socket";
}

}  // namespace routerd
