#include "routerd/common/script_policy.hpp"

#include <stdexcept>

#include "routerd/common/script_security.hpp"

namespace routerd::common {

ScriptPolicy script_policy(const std::optional<std::string>& script_user, bool security) {
    ScriptPolicy policy;
    policy.security = security;
    if (script_user) policy.user = resolve_run_as_words(*script_user);
    return policy;
}

std::optional<RunAs> default_script_user() {
    try {
        return resolve_run_as(kDefaultScriptUser);
    } catch (const std::invalid_argument&) {
        return std::nullopt;  // no such user: scripts run as routerd itself (step 4)
    }
}

std::optional<RunAs> script_run_as(const std::optional<RunAs>& own, const ScriptPolicy& policy) {
    if (own) return own;
    if (policy.user) return policy.user;
    return default_script_user();
}

bool runs_as_another_user(const std::optional<RunAs>& run_as) {
    return run_as && *run_as != own_identity();
}

void check_script_security(const std::string& program, const std::optional<RunAs>& run_as) {
    if (std::optional<std::string> why =
            script_security_refusal(program, run_as.value_or(own_identity())))
        throw std::invalid_argument("refused by enable_script_security: " + *why);
}

}  // namespace routerd::common
