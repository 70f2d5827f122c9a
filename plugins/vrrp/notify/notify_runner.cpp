#include "notify_runner.hpp"

namespace routerd::vrrp::track {

NotifyRunner::NotifyRunner(Executors executors, NotifyConfig config, Result on_result)
    : config_(std::move(config)), on_result_(std::move(on_result)), runner_(std::move(executors)) {}

NotifyRunner::~NotifyRunner() {
    stop();
}

void NotifyRunner::notify(NotifyEvent event, int priority) {
    for (const Command& dropped : queue_.push(notify_commands(config_, event, priority)))
        report_dropped(dropped);
    run_next();
}

void NotifyRunner::report_dropped(const Command& command) {
    const std::string why = "dropped: " + std::to_string(queue_.capacity()) +
                            " notify commands were already waiting (" +
                            std::to_string(queue_.dropped()) + " dropped in all)";
    const auto line = drop_log_.admit(std::chrono::steady_clock::now(), why);
    if (line && on_result_) on_result_(command, ChildOutcome::not_started_because(*line));
}

void NotifyRunner::run_next() {
    std::optional<Command> next = queue_.start_next();
    if (!next) return;
    // `this` outlives the callback: stop() (also run by the destructor) guarantees no
    // callback after it returns.
    runner_.run(*next, config_.timeout, [this, command = *next](const ChildOutcome& outcome) {
        queue_.finished();
        if (on_result_) on_result_(command, outcome);
        run_next();
    });
}

bool NotifyRunner::idle() const {
    return !queue_.busy() && queue_.waiting() == 0;
}

void NotifyRunner::stop() {
    runner_.stop();
    queue_ = NotifyQueue{};
}

}  // namespace routerd::vrrp::track
