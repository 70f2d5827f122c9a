#include "secondaries.hpp"

#include <linux/ip.h>

namespace routerd::vrrp {

void PromoteSecondaries::hold(const std::string& instance, int ifindex) {
    Held& held = held_[ifindex];
    if (held.holders++ > 0) return;
    try {
        if (!conf_) conf_ = std::make_unique<Ipv4DevConf>();
    } catch (const std::exception& e) {
        outputs_.say(kError, instance + ": promote_secondaries: " + e.what());
        return;
    }
    held.was_on = conf_->get(ifindex, IPV4_DEVCONF_PROMOTE_SECONDARIES).value_or(0) != 0;
    if (held.was_on) return;
    if (auto error = conf_->set(ifindex, {{IPV4_DEVCONF_PROMOTE_SECONDARIES, 1}})) {
        outputs_.say(kError, instance + ": cannot set promote_secondaries: " + *error);
    }
}

void PromoteSecondaries::release(int ifindex) {
    const auto it = held_.find(ifindex);
    if (it == held_.end() || --it->second.holders > 0) return;
    const bool was_on = it->second.was_on;
    held_.erase(it);
    // An interface that is gone took its setting with it: the error is of no interest.
    if (conf_ && !was_on) conf_->set(ifindex, {{IPV4_DEVCONF_PROMOTE_SECONDARIES, 0}});
}

}  // namespace routerd::vrrp
