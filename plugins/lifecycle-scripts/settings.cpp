#include "settings.hpp"

#include <routerd/common/command_line.hpp>

#include <stdexcept>

namespace routerd::lifecycle_scripts {
namespace {

// One of the two scripts, its keys named PREFIX, PREFIX_user and PREFIX_timeout.
bool read_script(const sdk::Config& global, const std::string& prefix,
                 const common::ScriptPolicy& policy, std::optional<LifecycleScript>& out) {
    const sdk::Config line = global[prefix];
    const sdk::Config user = global[prefix + "_user"];
    const sdk::Config timeout = global[prefix + "_timeout"];
    bool ok = true;
    LifecycleScript script;
    std::optional<common::RunAs> own;
    if (const std::optional<std::string> words = user.string()) {
        try {
            own = common::resolve_run_as_words(*words);
        } catch (const std::invalid_argument& e) {
            user.error(e.what());
            ok = false;
        }
    }
    if (timeout.present()) {
        const std::optional<std::chrono::nanoseconds> value = timeout.duration();
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
            value.value_or(std::chrono::nanoseconds(0)));
        if (!value) {
            ok = false;
        } else if (seconds < std::chrono::seconds(1) || seconds > kLongestTimeout ||
                   seconds != *value) {
            timeout.error("must be whole seconds from 1s to 1000s");
            ok = false;
        } else {
            script.timeout = seconds;
        }
    }
    if (!line.present()) {
        for (const sdk::Config& orphan : {user, timeout}) {
            if (orphan.present()) orphan.error("has no " + prefix + " to apply to");
        }
        return !user.present() && !timeout.present() && ok;
    }
    const std::optional<std::string> text = line.string();
    if (!text || !ok) return false;
    script.line = *text;
    script.run_as = common::script_run_as(own, policy);
    script.security = policy.security;
    try {
        script.argv = common::resolve_command_line(*text);
        if (policy.security) common::check_script_security(script.argv.front(), script.run_as);
    } catch (const std::invalid_argument& e) {
        line.error(e.what());
        return false;
    }
    out = std::move(script);
    return true;
}

}  // namespace

std::optional<LifecycleScripts> read_lifecycle_scripts(const sdk::Config& global,
                                                       const common::ScriptPolicy& policy) {
    LifecycleScripts scripts;
    const bool startup_ok = read_script(global, "startup_script", policy, scripts.startup);
    const bool shutdown_ok = read_script(global, "shutdown_script", policy, scripts.shutdown);
    if (!startup_ok || !shutdown_ok) return std::nullopt;
    return scripts;
}

}  // namespace routerd::lifecycle_scripts
