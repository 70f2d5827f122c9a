// The notify scripts' runners, one per instance and per sync group, and the notify FIFOs. A
// runner outlives its instance so that notify_stop finishes; new scripts get a new runner once
// the old one has nothing left to run. Every notification is written to each FIFO first, on
// the router's thread: a write never blocks (common/notify_fifo.hpp).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <routerd/common/fifo_writer.hpp>
#include <routerd/common/log_throttle.hpp>
#include <routerd/common/notify_fifo.hpp>
#include <routerd/common/script_policy.hpp>

#include "instance_config.hpp"
#include "notify_runner.hpp"
#include "outputs.hpp"

namespace routerd::vrrp {

class Notifiers {
  public:
    Notifiers(track::Executors executors, const Outputs& outputs)
        : executors_(std::move(executors)), outputs_(outputs) {}
    ~Notifiers() { stop(); }
    Notifiers(const Notifiers&) = delete;
    Notifiers& operator=(const Notifiers&) = delete;

    // Runs the scripts for entering `to`, or for `leaving` (STOP, DELETED) when set, after every
    // earlier notification of the same instance or group.
    void notify(bool group, const std::string& name, const NotifyScripts& scripts, State to,
                std::optional<track::NotifyEvent> leaving, int priority);
    // A master heard a lower priority: MASTER_RX_LOWER_PRI on the FIFOs, and the instance's
    // notify_master_rx_lower_pri script.
    void master_rx_lower_priority(const std::string& instance, const NotifyScripts& scripts,
                                  int priority);
    // The FIFOs lines go to from now on: [global] notify_fifo's path, written to while a FIFO
    // is there (the notify-fifo plugin makes it), and [vrrp] notify_fifo, made here: kept open
    // (its reader running) while its spec is unchanged. One that cannot be made is logged and
    // left out.
    void set_fifos(const std::optional<std::string>& global,
                   const std::optional<common::NotifyFifoSpec>& own);
    // An instance's effective priority changed while in `state` (notify_priority_changes).
    void priority_changed(const std::string& instance, State state, int priority);
    // The sync group stops with routerd: a STOP line on the FIFOs, then its notify_stop and
    // `notify` ("GROUP NAME STOP 0"), as Keepalived 2.2.7 runs them after its instances' STOP.
    void group_stopped(const std::string& name, const NotifyScripts& scripts);
    // `state` as if just entered, to the FIFOs only (fifo_write_vrrp_states_on_reload).
    void write_state(bool group, const std::string& name, State state, int priority);
    // Who the scripts run as and whether script security is on ([global]); runners made
    // from now on use it.
    void set_script_policy(const common::ScriptPolicy& policy) { policy_ = policy; }
    bool idle() const;  // nothing running, nothing waiting
    // Kills what runs, drops what waits, closes the FIFOs (waiting up to a second for their
    // readers to end: at shutdown).
    void stop();

  private:
    // `event`'s line on the FIFOs, then its scripts (notify_commands()).
    void dispatch(bool group, const std::string& name, const NotifyScripts& scripts,
                  track::NotifyEvent event, int priority);
    track::NotifyRunner& runner(bool group, const std::string& name, const NotifyScripts& scripts);
    void write_fifos(const std::string& line);

    track::Executors executors_;
    const Outputs& outputs_;
    common::ScriptPolicy policy_;
    struct Notifier {
        NotifyScripts scripts;
        common::ScriptPolicy policy;
        std::unique_ptr<track::NotifyRunner> runner;
    };
    std::map<std::string, Notifier> notifiers_;  // by "instance NAME" or "group NAME"
    std::optional<common::FifoWriter> global_fifo_;
    std::unique_ptr<common::NotifyFifo> fifo_;
    common::LogThrottle fifo_log_{3, std::chrono::seconds(10)};
};

}  // namespace routerd::vrrp
