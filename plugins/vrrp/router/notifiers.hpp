// The notify scripts' runners, one per instance and per sync group. A runner outlives its
// instance so that notify_stop finishes; new scripts get a new runner once the old one has
// nothing left to run.
#pragma once

#include <map>
#include <memory>
#include <string>

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

    // Runs the scripts for entering `to` (for notify_stop with `stop`), after every earlier
    // notification of the same instance or group.
    void notify(bool group, const std::string& name, const NotifyScripts& scripts, State to,
                bool stop, int priority);
    // Who the scripts run as and whether script security is on ([global]); runners made
    // from now on use it.
    void set_script_policy(const common::ScriptPolicy& policy) { policy_ = policy; }
    bool idle() const;  // nothing running, nothing waiting
    void stop();        // kills what runs, drops what waits

  private:
    track::NotifyRunner& runner(bool group, const std::string& name, const NotifyScripts& scripts);

    track::Executors executors_;
    const Outputs& outputs_;
    common::ScriptPolicy policy_;
    struct Notifier {
        NotifyScripts scripts;
        common::ScriptPolicy policy;
        std::unique_ptr<track::NotifyRunner> runner;
    };
    std::map<std::string, Notifier> notifiers_;  // by "instance NAME" or "group NAME"
};

}  // namespace routerd::vrrp
