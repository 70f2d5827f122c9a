// Pure core of the notify runner: which commands a transition runs, and a strict FIFO of them.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <vector>

#include "command.hpp"
#include "machine.hpp"

namespace routerd::vrrp::track {

// Entering a state; an instance deleted by a reload with notify_deleted (Keepalived's
// DELETED); a master hearing a lower priority (MASTER_RX_LOWER_PRI, an event, not a state).
enum class NotifyEvent { master, backup, fault, stop, deleted, master_rx_lower_pri };
// "MASTER", "BACKUP", "FAULT", "STOP", "DELETED", "MASTER_RX_LOWER_PRI"
std::string_view keyword(NotifyEvent event);
// The event a transition into `to` notifies; nullopt for initialize, which keepalived never
// announces.
std::optional<NotifyEvent> notify_event(State to);

enum class NotifyScope { instance, group };

struct NotifyConfig {
    NotifyScope scope = NotifyScope::instance;
    std::string name;  // the vrrp_instance / vrrp_sync_group name
    std::optional<Command> master, backup, fault, stop;
    std::optional<Command> deleted, master_rx_lower_pri;  // instances only
    std::optional<Command> any;                           // keepalived's generic `notify`
    // keepalived gives notify scripts no timeout; a hung one would hold every later
    // notification forever, so we kill it (SIGTERM, then SIGKILL) after this long.
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
};

// The commands one transition runs, in order. keepalived.conf(5): notify_master / _backup /
// _fault / _stop / _deleted run with their configured arguments only; `notify` runs AFTER them,
// with "INSTANCE"|"GROUP", the name, the target state in uppercase and the priority appended.
// MASTER_RX_LOWER_PRI runs notify_master_rx_lower_pri alone (Keepalived's send_event_notify).
std::vector<Command> notify_commands(const NotifyConfig& config, NotifyEvent event, int priority);

// First in, first out, at most one running: transition 1's scripts end before transition 2's
// start, so scripts see the states in the order the instance went through them. At most
// `capacity` wait: an instance flapping faster than its scripts run would otherwise queue
// without end; the oldest are dropped, since the newest say the state the instance is in.
class NotifyQueue {
  public:
    static constexpr std::size_t kCapacity = 64;
    explicit NotifyQueue(std::size_t capacity = kCapacity) : capacity_(capacity) {}

    // Returns the commands dropped to make room, oldest first.
    std::vector<Command> push(std::vector<Command> commands);
    // The next command to run, which is then running; nullopt while one runs or none waits.
    std::optional<Command> start_next();
    void finished();  // the running command ended (any outcome)
    bool busy() const { return busy_; }
    std::size_t waiting() const { return waiting_.size(); }
    std::size_t capacity() const { return capacity_; }
    std::uint64_t dropped() const { return dropped_; }  // in all

  private:
    std::size_t capacity_;
    std::uint64_t dropped_ = 0;
    std::deque<Command> waiting_;
    bool busy_ = false;
};

}  // namespace routerd::vrrp::track
