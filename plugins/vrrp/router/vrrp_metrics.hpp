// The VRRP plugin's metric families (declared once, when the plugin starts) and the series of
// one instance. Every update is an atomic operation in the host's registry: the router's
// thread never waits for a scrape. Series are taken when an instance starts (and on a
// transition to a from/to pair not seen before), never per packet.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include <routerd/sdk/host.hpp>

#include "drop_reason.hpp"
#include "instance_config.hpp"
#include "machine.hpp"
#include "tracker.hpp"

namespace routerd::vrrp {

struct VrrpMetrics {
    // Detached families: every update does nothing (a router built without a host).
    VrrpMetrics() = default;
    explicit VrrpMetrics(const sdk::Host& host);

    sdk::MetricFamily state;  // {instance, vrid, state}: 1 for the current state, else 0
    sdk::MetricFamily base_priority;
    sdk::MetricFamily effective_priority;
    sdk::MetricFamily adverts_sent;
    sdk::MetricFamily adverts_received;
    sdk::MetricFamily adverts_dropped;  // {instance, reason}
    sdk::MetricFamily transitions;      // {instance, from, to}
    sdk::MetricFamily master_changes;
    sdk::MetricFamily last_transition;
    sdk::MetricFamily group_state;    // {group, state}
    sdk::MetricFamily tracker_up;     // {kind, name}
    sdk::MetricFamily tracked_value;  // {name}: track_file's number
};

// One instance's series, made when it starts and hidden when it is gone.
class InstanceMetrics {
  public:
    InstanceMetrics(const VrrpMetrics& families, const InstanceConfig& config);
    ~InstanceMetrics();
    InstanceMetrics(const InstanceMetrics&) = delete;
    InstanceMetrics& operator=(const InstanceMetrics&) = delete;

    void entered(State from, State to);  // state, transitions, last transition time
    void priority(std::uint8_t effective) { effective_priority_.set(effective); }
    void sent() { sent_.add(); }
    void received() { received_.add(); }
    void dropped(DropReason reason) { dropped_[static_cast<std::size_t>(reason)].add(); }
    void master_changed() { master_changes_.add(); }

  private:
    static constexpr std::size_t kStates = 4;
    const VrrpMetrics& families_;
    const std::string name_;
    std::array<sdk::Metric, kStates> state_;
    sdk::Metric base_priority_;
    sdk::Metric effective_priority_;
    sdk::Metric sent_;
    sdk::Metric received_;
    std::array<sdk::Metric, kDropReasonCount> dropped_;
    sdk::Metric master_changes_;
    sdk::Metric last_transition_;
    std::array<sdk::Metric, kStates * kStates> transitions_;  // made at the first of each pair
};

// A sync group's state gauge; a tracker's state.
void set_group_state(const VrrpMetrics& families, const std::string& group, State state);
void hide_group(const VrrpMetrics& families, const std::string& group);
void set_tracker(const VrrpMetrics& families, const track::TrackReport& report);
void hide_tracker(const VrrpMetrics& families, const track::TrackReport& report);

}  // namespace routerd::vrrp
