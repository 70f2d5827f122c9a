// [global] startup_script and shutdown_script (keepalived.conf(5) global_defs): one program
// run once when routerd starts, before any plugin starts (before VRRP sends an advert or a
// virtual server is installed), and one run once when it stops, after every plugin stopped;
// each with its own user and timeout.
#pragma once

#include <routerd/common/script_policy.hpp>
#include <routerd/plugin.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace routerd::lifecycle_scripts {

// keepalived.conf(5): startup_script_timeout / shutdown_script_timeout SECONDS, range
// [1,1000], default 10.
inline constexpr std::chrono::seconds kDefaultTimeout{10};
inline constexpr std::chrono::seconds kLongestTimeout{1000};

struct LifecycleScript {
    std::string line;               // as configured, for the log
    std::vector<std::string> argv;  // split as Keepalived splits a script line
    std::optional<common::RunAs> run_as;
    bool security = false;  // enable_script_security: checked again at the run
    std::chrono::seconds timeout = kDefaultTimeout;
    bool operator==(const LifecycleScript&) const = default;
};

struct LifecycleScripts {
    std::optional<LifecycleScript> startup;
    std::optional<LifecycleScript> shutdown;
    bool operator==(const LifecycleScripts&) const = default;
};

// From [global]: `startup_script` = "PROGRAM ARGS", `startup_script_user` = "USER [GROUP]",
// `startup_script_timeout` = DURATION, and the same three for shutdown_script. Who the script
// runs as follows the rule of every script (script_policy.hpp). nullopt after reporting a
// problem against its key (an unknown program or user, a timeout out of range, a script
// enable_script_security refuses).
std::optional<LifecycleScripts> read_lifecycle_scripts(const sdk::Config& global,
                                                       const common::ScriptPolicy& policy);

}  // namespace routerd::lifecycle_scripts
