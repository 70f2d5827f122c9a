// Who scripts run as and whether script security is on: [global] script_user and
// enable_script_security (keepalived.conf(5), global_defs), as every plugin that runs scripts
// (vrrp track and notify scripts, MISC_CHECK, ipvs notify and quorum scripts) applies them.
//
// routerd's rule for a script's identity, in order:
//  1. the script's own `user` ("USER [GROUP]"), where its table has one;
//  2. [global] script_user ("USER [GROUP]");
//  3. Keepalived's default: the user keepalived_script, when this system has it, so that a
//     host moving from Keepalived keeps its scripts' identity. Looked up only when a script's
//     identity is asked for: the lookup goes through NSS, which maps its modules
//     (libnss_systemd, ~320 kB resident) into a routerd that may run no script at all;
//  4. routerd's own identity (root, when started as root).
// With enable_script_security, a script that runs as root (uid or gid 0) and that a non-root
// user could change or replace is refused (script_security.hpp has the rule): when the
// configuration is read, and again at every start, since the file may change in between.
#pragma once

#include <optional>
#include <string>

#include "routerd/common/run_as.hpp"

namespace routerd::common {

// Keepalived's default script user (keepalived.conf(5), script_user).
inline constexpr const char* kDefaultScriptUser = "keepalived_script";

struct ScriptPolicy {
    std::optional<RunAs> user;  // step 2 above; nullopt: none configured
    bool security = false;      // enable_script_security
    bool operator==(const ScriptPolicy&) const = default;
};

// From [global]: script_user (nullopt when absent) and enable_script_security. Throws
// std::invalid_argument naming an unknown user or group.
ScriptPolicy script_policy(const std::optional<std::string>& script_user, bool security);

// Step 3: keepalived_script's identity, when this system has that user.
std::optional<RunAs> default_script_user();

// The identity a script with `own` user (nullopt: none of its own) runs as, by the rule above;
// nullopt means routerd's own identity (ChildSpec::run_as's meaning).
std::optional<RunAs> script_run_as(const std::optional<RunAs>& own, const ScriptPolicy& policy);

// Whether a child with this run_as (nullopt: routerd's own identity) switches to another
// user or group, which routerd must keep CAP_SETUID, CAP_SETGID and CAP_KILL for.
bool runs_as_another_user(const std::optional<RunAs>& run_as);

// At configuration time, with enable_script_security: throws std::invalid_argument("refused
// by enable_script_security: /srv is writable by group 1000 (mode 0775)") when `program`, run
// as `run_as`, breaks the rule.
void check_script_security(const std::string& program, const std::optional<RunAs>& run_as);

}  // namespace routerd::common
