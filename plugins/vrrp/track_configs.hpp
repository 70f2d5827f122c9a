// From the [vrrp] model to the trackers' and notify runner's own configurations (track/).
// Each throws std::invalid_argument with the reason when the configuration cannot run (an
// unknown user, a program that does not exist, a process name too long for comm), so that
// --config-test reports it rather than the first run.
#pragma once

#include <string>

#include "config.hpp"
#include "file_tracker.hpp"
#include "notify_queue.hpp"
#include "process_tracker.hpp"
#include "script_tracker.hpp"

namespace routerd::vrrp {

track::ScriptTrackConfig to_track(const std::string& name, const ScriptConfig& script);
track::ProcessTrackConfig to_track(const std::string& name, const ProcessConfig& process);
track::FileTrackConfig to_track(const std::string& name, const FileConfig& file);
track::NotifyConfig to_notify(bool group, const std::string& name, const NotifyScripts& scripts);

}  // namespace routerd::vrrp
