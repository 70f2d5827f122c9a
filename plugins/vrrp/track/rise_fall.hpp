// Pure core of track_script: keepalived's rise/fall counter over script results.
#pragma once

#include <optional>

namespace routerd::vrrp::track {

struct RiseFallConfig {
    int rise = 1;            // keepalived.conf(5): successes needed for the OK transition
    int fall = 1;            // failures needed for the KO transition
    bool init_fail = false;  // "assume script initially is in failed state"
};

// keepalived's counter: a result in [0, rise + fall - 1], up while >= rise. Up, a success
// refills it to the top and a failure takes one off, the fall-th in a row dropping it to 0;
// down, a success adds one and any failure resets it to 0. Before the first result the script
// is unknown and one result decides it (keepalived starts it at rise - 1), unless init_fail
// says it is down and needs `rise` successes.
class RiseFall {
  public:
    // Throws std::invalid_argument if rise or fall is below 1.
    explicit RiseFall(RiseFallConfig config);

    // Returns true when up() changed, including from unknown to known.
    bool record(bool success);
    std::optional<bool> up() const;

  private:
    RiseFallConfig config_;
    int result_;
    bool known_;
};

}  // namespace routerd::vrrp::track
