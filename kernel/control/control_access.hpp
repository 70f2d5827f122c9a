#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "control/control_server.hpp"

namespace routerd {

// Who may do what on the control socket. Root (and the user routerd runs as) may do
// everything; members of [global] control_group may run the verbs that only read state
// (status, checks, a plugin's declared read-only commands); nobody else may do anything.
enum class ControlAccess { none, read_only, full };

ControlAccess control_access(const PeerCredentials& peer, uid_t self_uid,
                             std::optional<gid_t> control_group);

// Whether a plugin command (its first argument, "" for none) only reads state.
using PluginCommandIsReadOnly = std::function<bool(std::string_view plugin, std::string_view verb)>;

// Whether `request` only reads state; the one table of the kernel's own verbs is here.
bool read_only_request(const nlohmann::json& request, const PluginCommandIsReadOnly& plugin);

// nullopt when `peer` may send `request`, else the refusal to answer with.
std::optional<std::string> refusal_for(const nlohmann::json& request, ControlAccess access,
                                       const PluginCommandIsReadOnly& plugin);

}  // namespace routerd
