#include "notifiers.hpp"

#include <algorithm>

#include "config.hpp"
#include "fifo_line.hpp"

namespace routerd::vrrp {
namespace {

track::NotifyScope scope(bool group) {
    return group ? track::NotifyScope::group : track::NotifyScope::instance;
}

}  // namespace

void Notifiers::stop() {
    for (auto& [key, notifier] : notifiers_)
        notifier.runner->stop();
    notifiers_.clear();
    fifos_.clear();
}

void Notifiers::set_fifos(const std::vector<common::NotifyFifoSpec>& specs) {
    std::vector<std::unique_ptr<common::NotifyFifo>> kept(specs.size());
    for (size_t i = 0; i < specs.size(); ++i) {
        auto open = std::find_if(fifos_.begin(), fifos_.end(), [&](const auto& fifo) {
            return fifo && fifo->spec() == specs[i];
        });
        if (open != fifos_.end()) kept[i] = std::move(*open);
    }
    // The others go first: a changed FIFO on the same path is removed before it is made again.
    for (auto& fifo : fifos_) {
        if (!fifo) continue;
        // Its reader gets SIGTERM and the end of the FIFO now; waiting for it to end is
        // blocking work, never the router's loop's.
        fifo->close();
        executors_.blocking->post([gone = std::shared_ptr<common::NotifyFifo>(std::move(fifo))] {});
    }
    fifos_.clear();
    for (size_t i = 0; i < specs.size(); ++i) {
        try {
            if (!kept[i]) kept[i] = std::make_unique<common::NotifyFifo>(specs[i]);
            fifos_.push_back(std::move(kept[i]));
        } catch (const std::exception& e) {
            outputs_.say(kError, std::string("notify FIFO: ") + e.what());
        }
    }
}

void Notifiers::write_fifos(const std::string& line) {
    for (const auto& fifo : fifos_) {
        if (fifo->write(line)) continue;
        outputs_.say(fifo_log_, kWarn,
                     "notify FIFO " + fifo->spec().path + " is full (nobody reads it): " +
                         std::to_string(fifo->dropped()) + " lines dropped in all");
    }
}

void Notifiers::priority_changed(const std::string& instance, State state, int priority) {
    if (const auto word = track::priority_change_word(state))
        write_fifos(track::fifo_line(track::NotifyScope::instance, instance, *word, priority));
}

void Notifiers::group_stopped(const std::string& name) {
    write_fifos(track::fifo_line(track::NotifyScope::group, name,
                                 track::keyword(track::NotifyEvent::stop), 0));
}

void Notifiers::write_state(bool group, const std::string& name, State state, int priority) {
    if (const auto event = track::notify_event(state))
        write_fifos(track::fifo_line(scope(group), name, track::keyword(*event), priority));
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
                       std::optional<track::NotifyEvent> leaving, int priority) {
    const std::optional<track::NotifyEvent> event = leaving ? leaving : track::notify_event(to);
    if (event) dispatch(group, name, scripts, *event, priority);
}

void Notifiers::master_rx_lower_priority(const std::string& instance, const NotifyScripts& scripts,
                                         int priority) {
    dispatch(false, instance, scripts, track::NotifyEvent::master_rx_lower_pri, priority);
}

void Notifiers::dispatch(bool group, const std::string& name, const NotifyScripts& scripts,
                         track::NotifyEvent event, int priority) {
    write_fifos(track::fifo_line(scope(group), name, track::keyword(event), priority));
    if (scripts == NotifyScripts{}) return;
    runner(group, name, scripts).notify(event, priority);
}

bool Notifiers::idle() const {
    for (const auto& [key, n] : notifiers_) {
        if (!n.runner->idle()) return false;
    }
    return true;
}

}  // namespace routerd::vrrp
