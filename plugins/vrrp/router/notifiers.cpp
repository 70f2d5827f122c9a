#include "notifiers.hpp"

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
    global_fifo_.reset();
    fifo_.reset();
}

void Notifiers::set_fifos(const std::optional<std::string>& global,
                          const std::optional<common::NotifyFifoSpec>& own) {
    common::reconfigure_fifo_writer(global_fifo_, global);
    try {
        // Waiting for an old reader to end is blocking work, never the router's loop's.
        common::reconfigure_notify_fifo(fifo_, own, [this](std::function<void()> task) {
            executors_.blocking->post(std::move(task));
        });
    } catch (const std::exception& e) {
        outputs_.say(kError, std::string("notify FIFO: ") + e.what());
    }
}

void Notifiers::write_fifos(const std::string& line) {
    const auto dropped = [this](const common::FifoWriter& fifo) {
        outputs_.say(fifo_log_, kWarn, "notify FIFO " + fifo.drops_text());
    };
    if (global_fifo_ && !global_fifo_->write(line)) dropped(*global_fifo_);
    if (fifo_ && !fifo_->write(line)) dropped(fifo_->writer());
}

void Notifiers::priority_changed(const std::string& instance, State state, int priority) {
    if (const auto word = track::priority_change_word(state))
        write_fifos(track::fifo_line(track::NotifyScope::instance, instance, *word, priority));
}

void Notifiers::group_stopped(const std::string& name, const NotifyScripts& scripts) {
    dispatch(true, name, scripts, track::NotifyEvent::stop, 0);
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
