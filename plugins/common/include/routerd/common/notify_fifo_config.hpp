// One table's notify_fifo and notify_fifo_script as a plugin reads them while it configures
// (keepalived.conf(5) global_defs notify_fifo, vrrp_notify_fifo, lvs_notify_fifo, each with
// its _script): [global] and [vrrp] in the vrrp plugin, [ipvs] in the ipvs plugin. Header-only,
// like global_script_policy.hpp, because it uses SDK types.
// A FIFO is an absolute path in a directory that exists; it is made when missing, and a path
// that exists must be a FIFO already. A script needs its FIFO and runs as the notify scripts do
// ([global] script_user, enable_script_security), with the FIFO's path appended.
#pragma once

#include <routerd/plugin.hpp>

#include <optional>
#include <stdexcept>
#include <string>

#include "routerd/common/command_line.hpp"
#include "routerd/common/notify_fifo.hpp"
#include "routerd/common/script_policy.hpp"

namespace routerd::common {

// `out` gets the FIFO `table` configures (left nullopt when none); false after reporting a
// problem against its key.
inline bool read_notify_fifo(const sdk::Config& table, const ScriptPolicy& policy,
                             std::optional<NotifyFifoSpec>& out) {
    const sdk::Config path_key = table["notify_fifo"];
    const sdk::Config script_key = table["notify_fifo_script"];
    const std::optional<std::string> path = path_key.string();
    const std::optional<std::string> script = script_key.string();
    if (!path_key.present()) {
        if (script_key.present()) script_key.error("needs notify_fifo: the FIFO it reads");
        return !script_key.present();
    }
    if (!path || (script_key.present() && !script)) return false;  // wrong type: reported
    bool ok = true;
    if (const std::string problem = notify_fifo_path_problem(*path); !problem.empty()) {
        path_key.error(problem);
        ok = false;
    }
    NotifyFifoSpec spec{*path, {}, std::nullopt, policy.security};
    if (script) {
        try {
            spec.script = resolve_command_line(*script);
            spec.run_as = script_run_as(std::nullopt, policy);
            if (policy.security) check_script_security(spec.script.front(), spec.run_as);
        } catch (const std::exception& e) {
            script_key.error(e.what());
            ok = false;
        }
    }
    if (ok) out = std::move(spec);
    return ok;
}

}  // namespace routerd::common
