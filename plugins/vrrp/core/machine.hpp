// The VRRP state machine of RFC 5798 §6.4 (and RFC 3768 §6.4) with Keepalived's extensions.
// Pure: time comes in as arguments, effects go out as Actions for the I/O layer to carry out
// in order. After every call, re-arm the timer to next_deadline() and call on_timer() then.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "packet.hpp"
#include "types.hpp"

namespace routerd::vrrp {

enum class State : std::uint8_t { initialize, backup, master, fault };
std::string_view name(State state);

struct Action {
    enum class Kind : std::uint8_t {
        send_advert,      // an advertisement with `priority` (0 = resigning, RFC 5798 §6.4.3)
        add_addresses,    // install the virtual addresses (and accept-mode rules)
        send_gratuitous,  // gratuitous ARP / unsolicited NA for every virtual address
        // A master heard a lower-priority advert: announce the addresses again
        // (keepalived.conf(5) garp_lower_prio_repeat and garp_lower_prio_delay).
        resend_gratuitous,
        remove_addresses,  // withdraw the virtual addresses
        // A master heard a lower-priority advertisement (a healed split brain). Keepalived's
        // notify_master_rx_lower_pri; with AH also call AhSequence::on_lower_priority_advert().
        // The advert and announcement that re-assert us follow at most once per interval.
        master_rx_lower_priority,
        state_changed,  // from -> to, after the effects above
    };
    Kind kind;
    std::uint8_t priority = 0;
    State from = State::initialize;
    State to = State::initialize;

    static Action advert(std::uint8_t priority) { return {Kind::send_advert, priority}; }
    static Action of(Kind kind) { return {kind}; }
    static Action transition(State from, State to) { return {Kind::state_changed, 0, from, to}; }
    bool operator==(const Action&) const = default;
};
using Actions = std::vector<Action>;

struct MachineConfig {
    Version version = Version::v3;
    std::uint8_t priority = 100;        // base priority 1..255; 255 = address owner
    Centiseconds advert_interval{100};  // v2: whole seconds
    bool start_as_master = false;       // `state MASTER`: first takeover after one interval
    bool preempt = true;                // false = `nopreempt`
    Clock::duration preempt_delay{0};   // hold preemption after start-up / a lower master
    IpAddress primary_address;          // our source address, for the equal-priority tie-break
    bool lower_prio_no_advert = false;  // Keepalived: don't answer a lower-priority master
    bool garp_on_lower_prio = true;     // Keepalived garp_lower_prio_repeat: re-announce VIPs
    // Keepalived higher_prio_send_advert: a master that hears a higher priority sends one last
    // advert before it steps down (on by default here; off by default in Keepalived).
    bool higher_prio_send_advert = true;
    // Keepalived down_timer_adverts: Master_Down_Interval counts this many advert intervals
    // (RFC 5798 §6.1: 3) before the skew.
    unsigned down_timer_adverts = 3;
    bool operator==(const MachineConfig&) const = default;
};

class Machine {
  public:
    // Throws std::invalid_argument for priority 0 or a non-positive interval.
    explicit Machine(MachineConfig config);

    // Before `not_before` (Keepalived's vrrp_startup_delay after routerd started) the instance
    // stays in INIT, deaf and silent, and starts when on_timer() is called then.
    Actions start(TimePoint now, TimePoint not_before = {});
    // An advertisement decode_ipv4/ipv6() accepted for this instance.
    Actions on_advert(TimePoint now, const Advert& advert);
    // Call at (or after) next_deadline().
    Actions on_timer(TimePoint now);
    // The effective priority from tracking (see priority.hpp); ignored for an address owner.
    Actions set_priority(std::uint8_t effective_priority);
    // Tracking says this instance can't run (weight-0 object down).
    Actions set_fault(TimePoint now, bool fault);
    // Leaving: a master resigns with a priority-0 advertisement (RFC 5798 §6.4.3).
    Actions shutdown();
    // Someone deleted one of a master's virtual addresses (Keepalived 2.2.7, for an address
    // without no_track): it resigns as at a stop, then waits as a backup that heard a priority-0
    // advert, Skew_Time (RFC 5798 §6.4.2). Alone, it is master again at once, its addresses
    // re-added; with a peer, the peer takes over first and the priorities settle it.
    Actions resign(TimePoint now);

    std::optional<TimePoint> next_deadline() const { return deadline_; }
    State state() const { return state_; }
    std::uint8_t priority() const { return priority_; }
    Centiseconds master_adver_interval() const { return master_adver_interval_; }
    // Master, or a backup whose Master_Down_Timer fired while held by its sync group.
    bool wants_master() const { return state_ == State::master || wants_master_; }
    // As a backup, the master whose last advert it processed (Keepalived's master_saddr).
    const std::optional<IpAddress>& followed_master() const { return followed_master_; }
    bool own_fault() const { return own_fault_; }

    // Sync-group controls (see sync_group.hpp).
    void hold_master(bool held) { master_held_ = held; }
    Actions set_group_fault(TimePoint now, bool fault);
    Actions force_master(TimePoint now);
    Actions force_backup(TimePoint now);

  private:
    bool faulty() const { return own_fault_ || group_fault_; }
    bool is_owner() const { return config_.priority == kPriorityOwner; }
    bool preemption_held(TimePoint now) const;
    Clock::duration down_interval() const;
    void set_state(State to, Actions& actions);
    void become_master(TimePoint now, Actions& actions);
    void become_backup(TimePoint now, Clock::duration down_timer, Actions& actions);
    void leave_master_for_backup(TimePoint now, Actions& actions);
    Actions begin(TimePoint now);
    void backup_rx(TimePoint now, const Advert& advert);
    void master_rx(TimePoint now, const Advert& advert, Actions& actions);
    Actions apply_fault(TimePoint now);

    MachineConfig config_;
    State state_ = State::initialize;
    std::uint8_t priority_;
    Centiseconds master_adver_interval_;
    std::optional<TimePoint> deadline_;
    std::optional<TimePoint> preempt_at_;     // Keepalived preempt_time; unset = not counting
    std::optional<TimePoint> next_reassert_;  // no re-assertion before this
    std::optional<IpAddress> followed_master_;
    bool wants_master_ = false;
    bool master_held_ = false;
    bool own_fault_ = false;
    bool group_fault_ = false;
};

}  // namespace routerd::vrrp
