// Pure core of track_process: from process counts over time to up/down, with keepalived's
// fork_delay / terminate_delay debouncing. Time comes in as arguments.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "types.hpp"

namespace routerd::vrrp::track {

struct QuorumConfig {
    std::size_t quorum = 1;                 // keepalived.conf(5): minimum running, default 1
    std::optional<std::size_t> quorum_max;  // maximum running; default unlimited
    // keepalived.conf(5): fork_delay is waited "after process quorum gained after fork before
    // consider process up", terminate_delay "after process quorum lost before consider process
    // down"; `delay` sets both. We apply them by cause: a state change caused by processes
    // appearing waits fork_delay, one caused by processes disappearing waits terminate_delay
    // (so exceeding quorum_max through a fork waits fork_delay, as the man page's warning about
    // forks and quorum_max intends).
    Clock::duration fork_delay{0};
    Clock::duration terminate_delay{0};
};

// Throws std::invalid_argument if quorum_max < quorum.
void validate(const QuorumConfig& config);
bool within_quorum(const QuorumConfig& config, std::size_t count);
std::string describe_quorum(const QuorumConfig& config);  // "quorum 1", "quorum 1..2"

class QuorumState {
  public:
    explicit QuorumState(QuorumConfig config);

    // A new count. The first one sets the state at once (keepalived's start-up scan). Returns
    // true when up() changed.
    bool observe(std::size_t count, TimePoint now);
    // Commits a pending change whose delay has passed. Returns true when up() changed.
    bool on_timer(TimePoint now);

    std::optional<bool> up() const { return up_; }  // nullopt before the first count
    std::size_t count() const { return count_; }
    std::optional<TimePoint> deadline() const { return deadline_; }  // of a pending change

  private:
    QuorumConfig config_;
    std::optional<bool> up_;
    std::size_t count_ = 0;
    std::optional<TimePoint> deadline_;
};

}  // namespace routerd::vrrp::track
