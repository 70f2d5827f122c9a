// The trackers of [vrrp.script], [vrrp.track_process] and [vrrp.track_file]: started with the
// configuration, restarted when their definitions change, and the last state each reported.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "config.hpp"
#include "outputs.hpp"
#include "tracker.hpp"

namespace routerd::vrrp {

class Trackers {
  public:
    // `changed` runs on the loop after each report has been recorded.
    Trackers(track::Executors executors, const Outputs& outputs,
             std::function<void(const track::TrackReport&)> changed);
    ~Trackers();  // stops every tracker
    Trackers(const Trackers&) = delete;
    Trackers& operator=(const Trackers&) = delete;

    // Leaves the trackers running when `config` defines the same ones; otherwise stops them,
    // forgets their reports and starts those of `config`.
    void update(const VrrpConfig& config);
    // An instance's tracked objects, with their weights and last reported states.
    std::vector<TrackedObject> tracked(const std::vector<TrackRef>& refs) const;
    void stop();  // no report comes afterwards

  private:
    void on_report(const track::TrackReport& report);
    void forget_reports();  // and hides their metrics

    track::Executors executors_;
    const Outputs& outputs_;
    std::function<void(const track::TrackReport&)> changed_;
    VrrpConfig definitions_;  // scripts, processes and files are what counts
    std::map<std::string, std::unique_ptr<track::Tracker>> trackers_;  // "script:NAME", ...
    std::map<std::pair<TrackKind, std::string>, track::TrackReport> reports_;
};

}  // namespace routerd::vrrp
