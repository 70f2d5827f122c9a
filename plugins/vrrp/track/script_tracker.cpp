#include "script_tracker.hpp"

#include <boost/asio/steady_timer.hpp>
#include <stdexcept>

#include "types.hpp"

namespace routerd::vrrp::track {

namespace asio = boost::asio;

void validate(const ScriptTrackConfig& config) {
    auto fail = [&](const std::string& why) {
        throw std::invalid_argument("vrrp_script " + config.name + ": " + why);
    };
    if (config.command.argv.empty()) fail("no script");
    if (config.interval.count() <= 0) fail("interval must be positive");
    if (config.timeout && config.timeout->count() <= 0) fail("timeout must be positive");
    if (config.rise_fall.rise < 1 || config.rise_fall.fall < 1)
        fail("rise and fall must be at least 1");
}

struct ScriptTracker::State : std::enable_shared_from_this<State> {
    State(Executors executors, ScriptTrackConfig config, TrackCallback callback)
        : config(std::move(config)),
          callback(std::move(callback)),
          counter(this->config.rise_fall),
          runner(executors),
          timer(executors.loop) {}

    ScriptTrackConfig config;
    TrackCallback callback;
    RiseFall counter;
    ChildRunner runner;
    asio::steady_timer timer;
    bool stopped = false;

    void run() {
        TimePoint started = Clock::now();
        runner.run(config.command, config.timeout.value_or(config.interval),
                   [self = shared_from_this(), started](const ChildOutcome& outcome) {
                       self->finished(outcome, started);
                   });
    }

    void finished(const ChildOutcome& outcome, TimePoint started) {
        if (counter.record(outcome.success())) report(outcome.describe());
        if (stopped) return;  // the callback stopped us
        timer.expires_at(started + config.interval);
        timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (!ec && !self->stopped) self->run();
        });
    }

    void report(const std::string& why) {
        TrackReport report;
        report.kind = TrackKind::script;
        report.name = config.name;
        report.up = counter.up().value_or(false);
        report.reason = config.name + ": " + why;
        callback(report);
    }
};

ScriptTracker::ScriptTracker(Executors executors, ScriptTrackConfig config,
                             TrackCallback callback) {
    validate(config);
    state_ = std::make_shared<State>(std::move(executors), std::move(config), std::move(callback));
}

ScriptTracker::~ScriptTracker() {
    stop();
}

void ScriptTracker::start() {
    if (state_->counter.up().has_value())
        state_->report("init_fail, down until " + std::to_string(state_->config.rise_fall.rise) +
                       " successes");
    state_->run();
}

void ScriptTracker::stop() {
    state_->stopped = true;
    state_->timer.cancel();
    state_->runner.stop();
}

}  // namespace routerd::vrrp::track
