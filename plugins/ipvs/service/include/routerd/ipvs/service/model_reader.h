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
};

// "kernel" or "userspace": what `choice` means on this machine.
std::string resolve_forwarder(ForwarderChoice choice, bool kernel_has_ipvs);

// The model, or nullopt when anything was wrong (every error has been reported).
std::optional<Model> read_model(const sdk::Config& ipvs, const ReaderEnvironment& env);

}  // namespace routerd::ipvs
