#pragma once

#include <optional>

namespace routerd {

// Keepalived's health arithmetic for one check, pure: `retry` failed attempts in a row are
// retried (after delay_before_retry) before the check is declared down; `rise` successes in a
// row bring a down check up. Without `alpha` a check starts up (Keepalived's default);
// with it, it starts down and must rise.
class CheckHealth {
  public:
    struct Step {
        std::optional<bool> changed_to;  // set when the state flipped
        bool retry_soon = false;         // failed, but retries remain: try again shortly
    };

    CheckHealth(unsigned rise, unsigned retry, bool start_up) : rise_(rise), retry_(retry) {
        up_ = start_up;
    }

    Step on_result(bool success);
    bool up() const { return up_; }
    // Restores a remembered state (last-known health from the store).
    void restore(bool up) {
        up_ = up;
        successes_ = 0;
        failures_ = 0;
    }

  private:
    unsigned rise_;
    unsigned retry_;
    bool up_;
    unsigned successes_ = 0;
    unsigned failures_ = 0;
};

}  // namespace routerd
