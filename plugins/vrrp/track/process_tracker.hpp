// vrrp_track_process: counts matching processes by scanning /proc on the pool.
//
// keepalived listens to the kernel's proc connector (netlink, needs CAP_NET_ADMIN) and scans
// /proc only at start-up. We scan /proc, with two triggers:
//  - every counted process is watched through a pidfd (no privilege needed), so its exit
//    starts a scan at once: losing quorum is seen as quickly as with the connector;
//  - a poll, default 500 ms, finds new processes. One scan reads one small stat file per
//    process (a few hundred syscalls, about a millisecond), so twice a second costs well under
//    1% of a core, and it delays noticing a (re)started process by at most half a second,
//    well inside the 3 x advert_int + skew a backup waits before taking over.
#pragma once

#include <chrono>
#include <memory>

#include "process_match.hpp"
#include "process_quorum.hpp"
#include "tracker.hpp"

namespace routerd::vrrp::track {

struct ProcessTrackConfig {
    std::string name;  // the vrrp_track_process name
    ProcessMatch match;
    QuorumConfig quorum;
    std::chrono::milliseconds poll_interval = std::chrono::milliseconds(500);
};

// Throws std::invalid_argument naming the problem.
void validate(const ProcessTrackConfig& config);

class ProcessTracker : public Tracker {
  public:
    ProcessTracker(Executors executors, ProcessTrackConfig config, TrackCallback callback);
    ~ProcessTracker() override;
    void start() override;
    void stop() override;

  private:
    struct State;
    std::shared_ptr<State> state_;
};

}  // namespace routerd::vrrp::track
