#include "track_configs.hpp"

#include <routerd/common/run_as.hpp>

namespace routerd::vrrp {
namespace {

std::chrono::milliseconds ms(std::chrono::nanoseconds d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d);
}

std::optional<track::Command> command_or_none(const std::string& line) {
    if (line.empty()) return std::nullopt;
    return track::make_command(line);
}

}  // namespace

track::ScriptTrackConfig to_track(const std::string& name, const ScriptConfig& script) {
    track::ScriptTrackConfig out;
    out.name = name;
    std::optional<common::RunAs> user;
    if (!script.user.empty()) user = common::resolve_run_as(script.user);
    out.command = track::make_command(script.command, user);
    out.interval = ms(script.interval);
    if (script.timeout.count() > 0) out.timeout = ms(script.timeout);
    out.rise_fall =
        track::RiseFallConfig{static_cast<int>(script.rise), static_cast<int>(script.fall), false};
    track::validate(out);
    return out;
}

track::ProcessTrackConfig to_track(const std::string& name, const ProcessConfig& process) {
    track::ProcessTrackConfig out;
    out.name = name;
    out.match.process = process.process;
    out.match.full_command = process.full_command;
    out.quorum.quorum = process.quorum;
    if (process.quorum_max > 0) out.quorum.quorum_max = process.quorum_max;
    // keepalived.conf(5): `delay` sets both fork_delay and terminate_delay.
    out.quorum.fork_delay = process.delay;
    out.quorum.terminate_delay = process.delay;
    track::validate(out);
    return out;
}

track::FileTrackConfig to_track(const std::string& name, const FileConfig& file) {
    track::FileTrackConfig out;
    out.name = name;
    out.file = file.file;
    track::validate(out);
    return out;
}

track::NotifyConfig to_notify(bool group, const std::string& name, const NotifyScripts& scripts) {
    track::NotifyConfig out;
    out.scope = group ? track::NotifyScope::group : track::NotifyScope::instance;
    out.name = name;
    out.master = command_or_none(scripts.master);
    out.backup = command_or_none(scripts.backup);
    out.fault = command_or_none(scripts.fault);
    out.stop = command_or_none(scripts.stop);
    out.any = command_or_none(scripts.generic);
    return out;
}

}  // namespace routerd::vrrp
