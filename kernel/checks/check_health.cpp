#include "checks/check_health.hpp"

namespace routerd {

CheckHealth::Step CheckHealth::on_result(bool success) {
    Step step;
    if (success) {
        failures_ = 0;
        if (!up_ && ++successes_ >= rise_) {
            up_ = true;
            successes_ = 0;
            step.changed_to = true;
        }
        return step;
    }
    successes_ = 0;
    if (!up_) return step;
    if (failures_ < retry_) {
        ++failures_;
        step.retry_soon = true;
        return step;
    }
    failures_ = 0;
    up_ = false;
    step.changed_to = false;
    return step;
}

}  // namespace routerd
