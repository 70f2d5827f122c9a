#include "notifiers.hpp"

#include "config.hpp"

namespace routerd::vrrp {

void Notifiers::stop() {
    for (auto& [key, notifier] : notifiers_)
        notifier.runner->stop();
    notifiers_.clear();
}

track::NotifyRunner& Notifiers::runner(bool group, const std::string& name,
                                       const NotifyScripts& scripts) {
    Notifier& n = notifiers_[(group ? "group " : "instance ") + name];
    if (!n.runner || ((n.scripts != scripts || n.policy != policy_) && n.runner->idle())) {
        if (n.runner) n.runner->stop();
        n.scripts = scripts;
        n.policy = policy_;
        n.runner = std::make_unique<track::NotifyRunner>(
            executors_, notify_config(group, name, scripts, policy_),
            [this, name](const track::Command& command, const track::ChildOutcome& outcome) {
                if (!outcome.success()) {
                    outputs_.say(kWarn, name + ": notify script " + command.argv.front() + " " +
                                            outcome.describe());
                }
            });
    }
    return *n.runner;
}

void Notifiers::notify(bool group, const std::string& name, const NotifyScripts& scripts, State to,
                       bool stop, int priority) {
    const std::optional<track::NotifyEvent> event =
        stop ? std::optional(track::NotifyEvent::stop) : track::notify_event(to);
    if (!event || scripts == NotifyScripts{}) return;
    runner(group, name, scripts).notify(*event, priority);
}

bool Notifiers::idle() const {
    for (const auto& [key, n] : notifiers_) {
        if (!n.runner->idle()) return false;
    }
    return true;
}

}  // namespace routerd::vrrp
