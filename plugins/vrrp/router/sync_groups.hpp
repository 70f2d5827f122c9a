// The running vrrp_sync_groups: after every event of an instance, the group rules
// (core/sync_group.hpp) decide what its members must do, and the router carries that out.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "instance.hpp"
#include "notifiers.hpp"
#include "outputs.hpp"
#include "sync_group.hpp"

namespace routerd::vrrp {

class SyncGroups {
  public:
    SyncGroups(const Outputs& outputs, Notifiers& notifiers)
        : outputs_(outputs), notifiers_(notifiers) {}

    // Every group of `configs`, around the running `instances` (each group starts in INIT).
    void build(const std::map<std::string, SyncGroupConfig>& configs,
               const std::map<std::string, std::unique_ptr<Instance>>& instances);
    void clear();  // their state gauges leave the exposition too
    // Hands each member what its group's rules require now (through Instance::run, which never
    // comes back here), then reports and notifies each group's own change of state.
    void reconcile(std::string_view reason);

    struct Group {
        SyncGroupConfig config;
        std::vector<Instance*> members;
        std::unique_ptr<SyncGroup> sync;
        State state = State::initialize;
    };
    const std::map<std::string, Group>& groups() const { return groups_; }

  private:
    const Outputs& outputs_;
    Notifiers& notifiers_;
    std::map<std::string, Group> groups_;
};

}  // namespace routerd::vrrp
