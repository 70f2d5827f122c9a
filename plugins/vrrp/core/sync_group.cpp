#include "sync_group.hpp"

#include <algorithm>

namespace routerd::vrrp {

SyncGroup::SyncGroup(std::vector<Machine*> members) : members_(std::move(members)) {}

void SyncGroup::collect(std::size_t member, Actions actions, std::vector<MemberActions>& out) {
    if (!actions.empty()) {
        out.push_back({member, std::move(actions)});
    }
}

std::vector<SyncGroup::MemberActions> SyncGroup::reconcile(TimePoint now) {
    std::vector<MemberActions> out;
    const std::size_t n = members_.size();

    auto any_other = [&](std::size_t self, auto predicate) {
        for (std::size_t i = 0; i < n; ++i) {
            if (i != self && predicate(*members_[i])) {
                return true;
            }
        }
        return false;
    };

    const bool any_fault =
        std::any_of(members_.begin(), members_.end(), [](Machine* m) { return m->own_fault(); });
    for (std::size_t i = 0; i < n; ++i) {
        collect(i,
                members_[i]->set_group_fault(
                    now, any_other(i, [](const Machine& m) { return m.own_fault(); })),
                out);
    }
    if (any_fault) {
        state_ = State::fault;
        return out;
    }

    for (std::size_t i = 0; i < n; ++i) {
        members_[i]->hold_master(any_other(i, [](const Machine& m) { return !m.wants_master(); }));
    }

    auto count = [&](State s) {
        return std::count_if(members_.begin(), members_.end(),
                             [s](Machine* m) { return m->state() == s; });
    };
    const auto masters = count(State::master);
    if (masters > 0 && state_ != State::master) {
        for (std::size_t i = 0; i < n; ++i) {
            collect(i, members_[i]->force_master(now), out);
        }
        state_ = State::master;
    } else if (state_ == State::master && count(State::backup) > 0) {
        for (std::size_t i = 0; i < n; ++i) {
            collect(i, members_[i]->force_backup(now), out);
        }
        state_ = State::backup;
    } else if (masters == 0 && count(State::backup) > 0) {
        state_ = State::backup;
    }
    return out;
}

}  // namespace routerd::vrrp
