// One table's notify_fifo and notify_fifo_script as a plugin reads them while it configures
// (keepalived.conf(5) global_defs notify_fifo, vrrp_notify_fifo, lvs_notify_fifo, each with
// its _script): [global] in the notify-fifo plugin, which makes that FIFO and runs its script,
// [vrrp] in the vrrp plugin, [ipvs] in the ipvs plugin, which write their lines to their own
// FIFO and to [global]'s. Header-only, like global_script_policy.hpp, because it uses SDK types.
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

// A plugin's own FIFO (`table`'s: [vrrp], [ipvs]) into `own`, and into `global_path` the path
// of [global] notify_fifo (nullopt: none), which it writes its lines to as well (the notify-fifo
// plugin checks that key and makes that FIFO). False after reporting a problem against a key.
inline bool read_notify_fifos(const sdk::Config& table, const sdk::Config& global,
                              const ScriptPolicy& policy, std::optional<NotifyFifoSpec>& own,
                              std::optional<std::string>& global_path) {
    global_path = global["notify_fifo"].string();
    if (!read_notify_fifo(table, policy, own)) return false;
    if (own && own->path == global_path) {
        // keepalived.conf(5): "the FIFO names must all be different".
        table["notify_fifo"].error("is [global] notify_fifo too: the FIFOs must differ");
        return false;
    }
    return true;
}

}  // namespace routerd::common
