#include "vrrp_metrics.hpp"

#include <chrono>

namespace routerd::vrrp {
namespace {

constexpr State kAllStates[] = {State::initialize, State::backup, State::master, State::fault};

std::string state_label(State state) {
    return std::string(name(state));
}

double unix_seconds() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// "script", "process", "file" (the tracker kinds with a report of their own).
std::string kind_label(TrackKind kind) {
    std::string label(name(kind));
    return label.starts_with("track_") ? label.substr(6) : label;
}

}  // namespace

VrrpMetrics::VrrpMetrics(const sdk::Host& host)
    : state(host.gauge({"routerd_vrrp_instance_state",
                        "A VRRP instance's state: 1 for the state it is in (INIT, BACKUP, MASTER, "
                        "FAULT), 0 for the others.",
                        {"vrrp_instance", "vrid", "state"}})),
      base_priority(host.gauge({"routerd_vrrp_base_priority",
                                "A VRRP instance's configured priority.",
                                {"vrrp_instance"}})),
      effective_priority(host.gauge({"routerd_vrrp_effective_priority",
                                     "A VRRP instance's priority after its tracked objects' "
                                     "weights (the one it advertises).",
                                     {"vrrp_instance"}})),
      adverts_sent(host.counter({"routerd_vrrp_adverts_sent_total",
                                 "VRRP advertisements sent (one per destination).",
                                 {"vrrp_instance"}})),
      adverts_received(host.counter({"routerd_vrrp_adverts_received_total",
                                     "VRRP advertisements received and accepted.",
                                     {"vrrp_instance"}})),
      adverts_dropped(host.counter({"routerd_vrrp_adverts_dropped_total",
                                    "VRRP advertisements received and dropped, by reason.",
                                    {"vrrp_instance", "reason"}})),
      transitions(host.counter({"routerd_vrrp_transitions_total",
                                "State changes of a VRRP instance, by from and to state.",
                                {"vrrp_instance", "from", "to"}})),
      master_changes(host.counter({"routerd_vrrp_master_changes_total",
                                   "Times the master of a VRRP instance's virtual router "
                                   "changed, as the instance saw it (it became master, or "
                                   "heard another one).",
                                   {"vrrp_instance"}})),
      last_transition(host.gauge({"routerd_vrrp_last_transition_timestamp_seconds",
                                  "When a VRRP instance last changed state, in seconds since "
                                  "the epoch.",
                                  {"vrrp_instance"}})),
      group_state(host.gauge({"routerd_vrrp_sync_group_state",
                              "A VRRP sync group's state: 1 for the state it is in, 0 for the "
                              "others.",
                              {"group", "state"}})),
      tracker_up(host.gauge({"routerd_vrrp_tracker_up",
                             "A tracked script or process: 1 up, 0 down; a tracked file: 1.",
                             {"kind", "name"}})),
      tracked_value(host.gauge({"routerd_vrrp_track_file_value",
                                "The number in a tracked file (track_file).",
                                {"name"}})) {}

InstanceMetrics::InstanceMetrics(const VrrpMetrics& families, const InstanceConfig& config)
    : families_(families), name_(config.name) {
    const std::string vrid = std::to_string(config.params.vrid);
    for (State s : kAllStates) {
        state_[static_cast<std::size_t>(s)] = families.state.series({name_, vrid, state_label(s)});
    }
    base_priority_ = families.base_priority.series({name_});
    effective_priority_ = families.effective_priority.series({name_});
    sent_ = families.adverts_sent.series({name_});
    received_ = families.adverts_received.series({name_});
    for (std::size_t r = 0; r < kDropReasonCount; ++r) {
        dropped_[r] =
            families.adverts_dropped.series({name_, std::string(name(static_cast<DropReason>(r)))});
    }
    master_changes_ = families.master_changes.series({name_});
    last_transition_ = families.last_transition.series({name_});
    base_priority_.set(config.machine.priority);
    for (State s : kAllStates)
        state_[static_cast<std::size_t>(s)].set(s == State::initialize ? 1 : 0);
}

InstanceMetrics::~InstanceMetrics() {
    for (const sdk::Metric& m : state_)
        m.remove();
    for (const sdk::Metric& m : dropped_)
        m.remove();
    for (const sdk::Metric& m : transitions_)
        m.remove();
    for (const sdk::Metric* m : {&base_priority_, &effective_priority_, &sent_, &received_,
                                 &master_changes_, &last_transition_}) {
        m->remove();
    }
}

void InstanceMetrics::entered(State from, State to) {
    for (State s : kAllStates)
        state_[static_cast<std::size_t>(s)].set(s == to ? 1 : 0);
    sdk::Metric& pair =
        transitions_[static_cast<std::size_t>(from) * kStates + static_cast<std::size_t>(to)];
    // A transition is rare: taking its series the first time (a lock in the host) is fine.
    if (!pair.attached() && families_.transitions.attached()) {
        pair = families_.transitions.series({name_, state_label(from), state_label(to)});
    }
    pair.add();
    last_transition_.set(unix_seconds());
}

void set_group_state(const VrrpMetrics& families, const std::string& group, State state) {
    for (State s : kAllStates)
        families.group_state.series({group, state_label(s)}).set(s == state ? 1 : 0);
}

void hide_group(const VrrpMetrics& families, const std::string& group) {
    for (State s : kAllStates)
        families.group_state.series({group, state_label(s)}).remove();
}

void set_tracker(const VrrpMetrics& families, const track::TrackReport& report) {
    const bool file = report.kind == TrackKind::file;
    families.tracker_up.series({kind_label(report.kind), report.name})
        .set(file || report.up ? 1 : 0);
    if (file)
        families.tracked_value.series({report.name}).set(static_cast<double>(report.file_value));
}

void hide_tracker(const VrrpMetrics& families, const track::TrackReport& report) {
    families.tracker_up.series({kind_label(report.kind), report.name}).remove();
    if (report.kind == TrackKind::file) families.tracked_value.series({report.name}).remove();
}

}  // namespace routerd::vrrp
