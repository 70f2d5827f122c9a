// Reads the [ipvs] table into a Model, reporting every mistake with file:line:col through
// sdk::Config (so --config-test lists them all at once).
#pragma once

#include <routerd/plugin.hpp>

#include <functional>
#include <optional>
#include <string>

#include "routerd/ipvs/service/model.h"

namespace routerd::ipvs {

struct ReaderEnvironment {
    // Whether the running kernel has ip_vs (forwarder = "auto" picks "kernel" then).
    bool kernel_has_ipvs = false;
    // Attaches a real server's check table for "ip:port"; returns its id, or nullopt after
    // reporting the error (the plugin passes host().attach_check).
    std::function<std::optional<std::string>(const sdk::Config& check, const std::string& target)>
        attach_check;
    // Whether a scheduler plugin of that name is loaded (the userspace forwarder needs one).
    std::function<bool(const std::string& scheduler)> userspace_scheduler_available;
    // Whether a notify or quorum script line at `node` may run (script security, the identity
    // it runs as); false after reporting why not.
    std::function<bool(const sdk::Config& node, const std::string& line)> check_script;
    // Declares what the configuration at `node` needs beyond routerd's own work (the plugin
    // passes host().require_privilege); false after the host reported that it gave it up.
    std::function<bool(const sdk::Config& node, routerd_privilege_t privilege)> require_privilege;
};

// "kernel" or "userspace": what `choice` means on this machine.
std::string resolve_forwarder(ForwarderChoice choice, bool kernel_has_ipvs);

// The model, or nullopt when anything was wrong (every error has been reported).
std::optional<Model> read_model(const sdk::Config& ipvs, const ReaderEnvironment& env);

}  // namespace routerd::ipvs
