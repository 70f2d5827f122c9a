// vrrp_script / track_script: runs a check script every interval, off the loop.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "child_runner.hpp"
#include "command.hpp"
#include "rise_fall.hpp"
#include "tracker.hpp"

namespace routerd::vrrp::track {

struct ScriptTrackConfig {
    std::string name;  // the vrrp_script name
    Command command;   // see make_command(); `user` is command.run_as
    // keepalived.conf(5): interval default 1 s; timeout defaults to the interval.
    std::chrono::milliseconds interval = std::chrono::seconds(1);
    std::optional<std::chrono::milliseconds> timeout;
    RiseFallConfig rise_fall;
};

// Throws std::invalid_argument naming the problem.
void validate(const ScriptTrackConfig& config);

// Runs the script at start() and then `interval` after each start (or at once if a run took
// longer: never two at a time). A script that exits non-zero, is killed, times out or cannot
// start is a failure. The first report comes when the state is known: at start() with
// init_fail, after the first run otherwise.
class ScriptTracker : public Tracker {
  public:
    ScriptTracker(Executors executors, ScriptTrackConfig config, TrackCallback callback);
    ~ScriptTracker() override;
    void start() override;
    void stop() override;

  private:
    struct State;
    std::shared_ptr<State> state_;
};

}  // namespace routerd::vrrp::track
