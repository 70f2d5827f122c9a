#include "machine.hpp"

#include <array>
#include <stdexcept>

#include "timers.hpp"

namespace routerd::vrrp {

std::string_view name(State state) {
    static constexpr std::array<std::string_view, 4> kNames = {"INIT", "BACKUP", "MASTER", "FAULT"};
    return kNames[static_cast<std::size_t>(state)];
}

Machine::Machine(MachineConfig config)
    : config_(config), priority_(config.priority), master_adver_interval_(config.advert_interval) {
    if (config_.priority == 0) {
        throw std::invalid_argument("priority must be 1..255");
    }
    if (config_.advert_interval.count() <= 0) {
        throw std::invalid_argument("advert_int must be positive");
    }
}

Clock::duration Machine::down_interval() const {
    return master_down_interval(config_.version, priority_, master_adver_interval_,
                                config_.down_timer_adverts);
}

bool Machine::preemption_held(TimePoint now) const {
    // keepalived.conf(5) preempt_delay: no preemption until the delay has run since start-up
    // or since a lower-priority master was first heard; an unset timer holds too.
    return config_.preempt_delay > Clock::duration::zero() && (!preempt_at_ || *preempt_at_ > now);
}

void Machine::set_state(State to, Actions& actions) {
    actions.push_back(Action::transition(state_, to));
    state_ = to;
    followed_master_.reset();
}

void Machine::become_master(TimePoint now, Actions& actions) {
    // RFC 5798 §6.4.1/§6.4.2: advertise first (so the old master withdraws), then take the
    // addresses and announce them.
    actions.push_back(Action::advert(priority_));
    actions.push_back(Action::of(Action::Kind::add_addresses));
    actions.push_back(Action::of(Action::Kind::send_gratuitous));
    set_state(State::master, actions);
    master_adver_interval_ = config_.advert_interval;
    wants_master_ = false;
    deadline_ = now + config_.advert_interval;
}

void Machine::become_backup(TimePoint now, Clock::duration down_timer, Actions& actions) {
    set_state(State::backup, actions);
    wants_master_ = false;
    deadline_ = now + down_timer;
}

void Machine::leave_master_for_backup(TimePoint now, Actions& actions) {
    actions.push_back(Action::of(Action::Kind::remove_addresses));
    preempt_at_.reset();
    become_backup(now, down_interval(), actions);
}

Actions Machine::start(TimePoint now, TimePoint not_before) {
    if (now < not_before) {
        deadline_ = not_before;
        return {};
    }
    return begin(now);
}

Actions Machine::begin(TimePoint now) {
    Actions actions;
    if (config_.preempt_delay > Clock::duration::zero()) {
        preempt_at_ = now + config_.preempt_delay;
    }
    if (faulty()) {
        set_state(State::fault, actions);
        return actions;
    }
    if (is_owner()) {
        become_master(now, actions);  // RFC 5798 §6.4.1: the owner takes over at once
        return actions;
    }
    // Keepalived shortens the first wait of a `state MASTER` instance to one interval.
    const Clock::duration first_wait =
        config_.start_as_master ? config_.advert_interval +
                                      skew_time(config_.version, priority_, master_adver_interval_)
                                : down_interval();
    become_backup(now, first_wait, actions);
    return actions;
}

void Machine::backup_rx(TimePoint now, const Advert& advert) {
    if (advert.priority == kPriorityStop) {
        deadline_ = now + skew_time(config_.version, priority_, master_adver_interval_);
        return;  // RFC 5798 §6.4.2: Master_Down_Timer = Skew_Time
    }
    if (config_.preempt && advert.priority < priority_ && !preemption_held(now)) {
        return;  // discard: let the down timer run out and preempt (RFC 5798 §6.4.2)
    }
    if (config_.version == Version::v3) {
        master_adver_interval_ = advert.advert_interval;  // RFC 5798 §6.4.2
    }
    deadline_ = now + down_interval();
    wants_master_ = false;
    followed_master_ = advert.source;
    if (config_.preempt_delay > Clock::duration::zero()) {
        if (advert.priority >= priority_) {
            preempt_at_.reset();
        } else if (!preempt_at_) {
            preempt_at_ = now + config_.preempt_delay;
        }
    }
}

void Machine::master_rx(TimePoint now, const Advert& advert, Actions& actions) {
    if (advert.priority == kPriorityStop) {
        actions.push_back(Action::advert(priority_));  // RFC 5798 §6.4.3
        deadline_ = now + config_.advert_interval;
        return;
    }
    // The address owner always wins (RFC 5798 §6.4.3 makes 255 the highest priority there is,
    // and §7.1 has a receiver trust its adverts): an advert that claims to equal it is a
    // forgery or a second owner. A lower master is re-asserted against like by any master.
    if (is_owner() && advert.priority >= priority_) {
        return;
    }
    // RFC 5798 §6.4.3: equal priorities are decided by the primary address.
    auto order = advert.priority <=> priority_;
    if (order == 0) {
        order = advert.source <=> config_.primary_address;
    }
    if (order < 0) {
        // Keepalived: a lower-priority master means a healed split brain; reassert at once,
        // but at most once per advert interval: each advert costs an advert and gratuitous ARPs,
        // and the other master needs only one.
        actions.push_back(Action::of(Action::Kind::master_rx_lower_priority));
        if (next_reassert_ && now < *next_reassert_) {
            return;
        }
        next_reassert_ = now + config_.advert_interval;
        if (!config_.lower_prio_no_advert) {
            actions.push_back(Action::advert(priority_));
        }
        if (config_.garp_on_lower_prio) {
            actions.push_back(Action::of(Action::Kind::resend_gratuitous));
        }
    } else if (order > 0) {
        if (config_.version == Version::v3) {
            master_adver_interval_ = advert.advert_interval;
        }
        // A healed split brain: the winner may never hear us (its advert reached us first),
        // and then it does not re-announce the addresses that our gratuitous ARPs moved the
        // clients' entries to us for. One last advert at our priority makes it re-assert
        // itself (above) before we withdraw.
        if (config_.higher_prio_send_advert) actions.push_back(Action::advert(priority_));
        leave_master_for_backup(now, actions);
        followed_master_ = advert.source;
    }
}

Actions Machine::on_advert(TimePoint now, const Advert& advert) {
    Actions actions;
    if (state_ == State::backup) {
        backup_rx(now, advert);
    } else if (state_ == State::master) {
        master_rx(now, advert, actions);
    }
    return actions;
}

Actions Machine::on_timer(TimePoint now) {
    Actions actions;
    if (!deadline_ || now < *deadline_) {
        return actions;
    }
    if (state_ == State::initialize) {
        deadline_.reset();
        return begin(now);  // the start-up delay has run
    }
    if (state_ == State::master) {
        actions.push_back(Action::advert(priority_));
        deadline_ = now + config_.advert_interval;
    } else if (state_ == State::backup) {
        wants_master_ = true;
        if (master_held_) {
            deadline_ = now + down_interval();  // Keepalived: wait for the rest of the group
        } else {
            become_master(now, actions);
        }
    }
    return actions;
}

Actions Machine::set_priority(std::uint8_t effective_priority) {
    Actions actions;
    if (is_owner() || effective_priority == priority_ || effective_priority == 0) {
        return actions;
    }
    priority_ = effective_priority;
    if (state_ == State::master) {
        actions.push_back(Action::advert(priority_));  // tell the backups straight away
    }
    return actions;
}

Actions Machine::apply_fault(TimePoint now) {
    Actions actions;
    if (state_ == State::initialize) {
        return actions;  // start() looks at the fault flags
    }
    if (faulty() && state_ != State::fault) {
        if (state_ == State::master) {
            actions.push_back(Action::advert(kPriorityStop));
            actions.push_back(Action::of(Action::Kind::remove_addresses));
        }
        set_state(State::fault, actions);
        wants_master_ = false;
        deadline_.reset();
    } else if (!faulty() && state_ == State::fault) {
        master_adver_interval_ = config_.advert_interval;
        preempt_at_.reset();
        if (is_owner()) {
            become_master(now, actions);
        } else {
            become_backup(now, down_interval(), actions);
        }
    }
    return actions;
}

Actions Machine::set_fault(TimePoint now, bool fault) {
    own_fault_ = fault;
    return apply_fault(now);
}

Actions Machine::set_group_fault(TimePoint now, bool fault) {
    group_fault_ = fault;
    return apply_fault(now);
}

Actions Machine::force_master(TimePoint now) {
    Actions actions;
    if (state_ == State::backup) {
        become_master(now, actions);
    }
    return actions;
}

Actions Machine::force_backup(TimePoint now) {
    Actions actions;
    if (state_ == State::master) {
        leave_master_for_backup(now, actions);
    }
    wants_master_ = false;
    return actions;
}

Actions Machine::resign(TimePoint now) {
    Actions actions;
    if (state_ != State::master) return actions;
    actions.push_back(Action::advert(kPriorityStop));
    actions.push_back(Action::of(Action::Kind::remove_addresses));
    preempt_at_.reset();
    become_backup(now, skew_time(config_.version, priority_, master_adver_interval_), actions);
    return actions;
}

Actions Machine::shutdown() {
    Actions actions;
    if (state_ == State::master) {
        actions.push_back(Action::advert(kPriorityStop));
        actions.push_back(Action::of(Action::Kind::remove_addresses));
    }
    if (state_ != State::initialize) {
        set_state(State::initialize, actions);
    }
    deadline_.reset();
    wants_master_ = false;
    return actions;
}

}  // namespace routerd::vrrp
