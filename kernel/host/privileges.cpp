#include "host/privileges.hpp"

#include "config/document.hpp"

namespace routerd {

std::string describe_privilege(routerd_privilege_t privilege) {
    switch (privilege) {
        case ROUTERD_PRIVILEGE_RUN_AS_USER:
            return "CAP_SETUID, CAP_SETGID and CAP_KILL (to run scripts as another user)";
        case ROUTERD_PRIVILEGE_BIND_LOW_PORT:
            return "CAP_NET_BIND_SERVICE (to bind a port below 1024)";
        case ROUTERD_PRIVILEGE_REALTIME:
            return "CAP_SYS_NICE (to set the VRRP thread's nice or real-time priority)";
        case ROUTERD_PRIVILEGE_LOCK_MEMORY:
            return "CAP_IPC_LOCK (to lock routerd's memory)";
        case ROUTERD_PRIVILEGE_ENTER_NET_NAMESPACE:
            return "CAP_SYS_ADMIN (to open a socket in another network namespace)";
    }
    return "privilege " + std::to_string(static_cast<int>(privilege));
}

void Privileges::begin_pass() {
    std::lock_guard lock(mutex_);
    needed_.clear();
}

bool Privileges::require(const ConfigNode* node, routerd_privilege_t privilege) {
    std::lock_guard lock(mutex_);
    needed_.insert(privilege);
    if (!kept_ || kept_->count(privilege) != 0) return true;
    if (node != nullptr)
        node->document().error(*node, "needs " + describe_privilege(privilege) + ", " + why_);
    return false;
}

PrivilegeSet Privileges::needed() const {
    std::lock_guard lock(mutex_);
    return needed_;
}

void Privileges::give_up_all_but(PrivilegeSet kept, std::string why) {
    std::lock_guard lock(mutex_);
    kept_ = std::move(kept);
    why_ = std::move(why);
}

}  // namespace routerd
