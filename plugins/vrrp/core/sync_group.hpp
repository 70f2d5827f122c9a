// A vrrp_sync_group: members move together, as Keepalived does it (vrrp_sync.c).
//  - A member in FAULT puts every other member in FAULT (a master resigns with priority 0);
//    when no member is faulty any more they all leave FAULT together.
//  - A backup whose Master_Down_Timer fires only becomes master when every other member wants
//    to as well (Keepalived "prefers backup to avoid thrashing"); until then it keeps waiting.
//  - When one member becomes master, the others are forced to master; when one master falls
//    back to backup (a higher-priority peer), the others are forced to backup.
#pragma once

#include <cstddef>
#include <vector>

#include "machine.hpp"

namespace routerd::vrrp {

class SyncGroup {
  public:
    // Non-owning; the machines must outlive the group.
    explicit SyncGroup(std::vector<Machine*> members);

    struct MemberActions {
        std::size_t member;  // index into the constructor's vector
        Actions actions;
    };
    // Call after every event fed to any member (and after starting them): applies the group
    // rules and returns what the members must do now, in order.
    std::vector<MemberActions> reconcile(TimePoint now);

    State state() const { return state_; }

  private:
    void collect(std::size_t member, Actions actions, std::vector<MemberActions>& out);

    std::vector<Machine*> members_;
    State state_ = State::initialize;
};

}  // namespace routerd::vrrp
