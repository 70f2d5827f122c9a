#include "trackers.hpp"

#include "file_tracker.hpp"
#include "process_tracker.hpp"
#include "script_tracker.hpp"

namespace routerd::vrrp {

Trackers::Trackers(track::Executors executors, const Outputs& outputs,
                   std::function<void(const track::TrackReport&)> changed)
    : executors_(std::move(executors)), outputs_(outputs), changed_(std::move(changed)) {}

Trackers::~Trackers() {
    stop();
    forget_reports();
}

void Trackers::forget_reports() {
    for (const auto& [key, report] : reports_)
        hide_tracker(outputs_.metrics, report);
    reports_.clear();
}

void Trackers::stop() {
    for (auto& [key, tracker] : trackers_)
        tracker->stop();
    trackers_.clear();
}

void Trackers::update(const VrrpConfig& config) {
    if (config.scripts == definitions_.scripts && config.processes == definitions_.processes &&
        config.files == definitions_.files && !trackers_.empty()) {
        return;
    }
    stop();
    forget_reports();
    definitions_ = config;
    auto report = [this](const track::TrackReport& r) { on_report(r); };
    try {
        for (const auto& [name, script] : config.scripts) {
            trackers_["script:" + name] =
                std::make_unique<track::ScriptTracker>(executors_, script.tracker(name), report);
        }
        for (const auto& [name, process] : config.processes) {
            trackers_["process:" + name] =
                std::make_unique<track::ProcessTracker>(executors_, process.tracker(name), report);
        }
        for (const auto& [name, file] : config.files) {
            trackers_["file:" + name] =
                std::make_unique<track::FileTracker>(executors_, file.tracker(name), report);
        }
        for (auto& [key, tracker] : trackers_)
            tracker->start();
    } catch (const std::exception& e) {
        outputs_.say(kError, std::string("cannot start tracking: ") + e.what());
    }
}

std::vector<TrackedObject> Trackers::tracked(const std::vector<TrackRef>& refs) const {
    std::vector<TrackedObject> out;
    for (const TrackRef& ref : refs) {
        // The weight given where the object is tracked wins over the object's own; without
        // either it is 0, which keepalived.conf(5) reads as "down means FAULT".
        int weight = 0;
        if (ref.kind == TrackKind::script) weight = definitions_.scripts.at(ref.name).weight;
        if (ref.kind == TrackKind::process) {
            weight = definitions_.processes.at(ref.name).weight.value_or(0);
        }
        if (ref.kind == TrackKind::file) weight = definitions_.files.at(ref.name).weight;
        TrackedObject object{ref.kind, ref.name, ref.weight.value_or(weight), ref.reverse, true,
                             0,        ref.by};
        if (auto known = reports_.find({ref.kind, ref.name}); known != reports_.end()) {
            track::apply(known->second, object);
        }
        out.push_back(object);
    }
    return out;
}

void Trackers::on_report(const track::TrackReport& report) {
    reports_[{report.kind, report.name}] = report;
    set_tracker(outputs_.metrics, report);
    outputs_.say(kInfo, std::string(vrrp::name(report.kind)) + " " + report.name + ": " +
                            (report.kind == TrackKind::file ? std::to_string(report.file_value)
                                                            : (report.up ? "up" : "down")) +
                            (report.reason.empty() ? "" : " (" + report.reason + ")"));
    changed_(report);
}

}  // namespace routerd::vrrp
