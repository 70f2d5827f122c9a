#include "process_tracker.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <stdexcept>

#include "proc_scan.hpp"

namespace routerd::vrrp::track {

namespace asio = boost::asio;

void validate(const ProcessTrackConfig& config) {
    validate(config.match);
    validate(config.quorum);
    if (config.poll_interval.count() <= 0)
        throw std::invalid_argument("track_process " + config.name +
                                    ": poll interval must be positive");
}

struct ProcessTracker::State : std::enable_shared_from_this<State> {
    State(Executors executors, ProcessTrackConfig config, TrackCallback callback)
        : executors(std::move(executors)),
          config(std::move(config)),
          callback(std::move(callback)),
          quorum(this->config.quorum),
          poll_timer(this->executors.loop),
          delay_timer(this->executors.loop) {}

    Executors executors;
    ProcessTrackConfig config;
    TrackCallback callback;
    QuorumState quorum;
    asio::steady_timer poll_timer;
    asio::steady_timer delay_timer;
    bool stopped = false;

    void scan() {
        asio::post(executors.blocking, [self = shared_from_this()] {
            auto processes = scan_processes(self->config.match.needs_cmdline());
            std::size_t count = count_matching(self->config.match, processes);
            asio::post(self->executors.loop, [self, count] { self->counted(count); });
        });
    }

    void counted(std::size_t count) {
        if (stopped)
            return;
        if (quorum.observe(count, Clock::now()))
            report();
        arm_delay();
        poll_timer.expires_after(config.poll_interval);
        poll_timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (!ec && !self->stopped)
                self->scan();
        });
    }

    void arm_delay() {
        if (!quorum.deadline()) {
            delay_timer.cancel();
            return;
        }
        delay_timer.expires_at(*quorum.deadline());
        delay_timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (ec || self->stopped)
                return;
            if (self->quorum.on_timer(Clock::now()))
                self->report();
        });
    }

    void report() {
        std::size_t count = quorum.count();
        TrackReport report;
        report.kind = TrackKind::process;
        report.name = config.name;
        report.up = quorum.up().value_or(false);
        report.reason = config.match.process + ": " + std::to_string(count) +
                        (count == 1 ? " process, " : " processes, ") +
                        describe_quorum(config.quorum);
        callback(report);
    }
};

ProcessTracker::ProcessTracker(Executors executors, ProcessTrackConfig config,
                               TrackCallback callback) {
    validate(config);
    state_ = std::make_shared<State>(std::move(executors), std::move(config), std::move(callback));
}

ProcessTracker::~ProcessTracker() {
    stop();
}

void ProcessTracker::start() {
    state_->scan();
}

void ProcessTracker::stop() {
    state_->stopped = true;
    state_->poll_timer.cancel();
    state_->delay_timer.cancel();
}

}  // namespace routerd::vrrp::track
