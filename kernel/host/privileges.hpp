// What the configuration needs beyond routerd's own work (routerd_privilege_t), as plugins
// declare it while they configure, and what routerd still has once it gave up the rest
// (daemon/capabilities.hpp). Thread-safe: checkers declare from their own strands.
#pragma once

#include <routerd/plugin.h>

#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace routerd {

class ConfigNode;

using PrivilegeSet = std::set<routerd_privilege_t>;

// Every privilege a plugin can declare.
inline constexpr routerd_privilege_t kAllPrivileges[] = {
    ROUTERD_PRIVILEGE_RUN_AS_USER, ROUTERD_PRIVILEGE_BIND_LOW_PORT, ROUTERD_PRIVILEGE_REALTIME,
    ROUTERD_PRIVILEGE_LOCK_MEMORY, ROUTERD_PRIVILEGE_ENTER_NET_NAMESPACE};

// "CAP_SETUID, CAP_SETGID and CAP_KILL (to run scripts as another user)".
std::string describe_privilege(routerd_privilege_t privilege);

class Privileges {
  public:
    // A configuration pass starts: what the previous one needed is forgotten.
    void begin_pass();
    // A plugin's require_privilege. After give_up_all_but(), one that is not kept is reported
    // against `node` (when given) and refused: false.
    bool require(const ConfigNode* node, routerd_privilege_t privilege);
    // What this pass needed so far.
    PrivilegeSet needed() const;
    // routerd kept only `kept`: later passes that need more are refused, with `why` (", which
    // routerd ...") after what is needed.
    void give_up_all_but(PrivilegeSet kept, std::string why =
                                                "which routerd gave up when it started: restart "
                                                "routerd to use it");

  private:
    mutable std::mutex mutex_;
    PrivilegeSet needed_;
    std::optional<PrivilegeSet> kept_;
    std::string why_;
};

}  // namespace routerd
