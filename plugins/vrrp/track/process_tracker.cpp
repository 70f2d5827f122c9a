#include "process_tracker.hpp"

#include <routerd/common/pidfd.hpp>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
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
    // pidfds of the processes counted by the last scan; readable when one exits.
    std::map<pid_t, std::shared_ptr<asio::posix::stream_descriptor>> exits;
    bool scanning = false;  // one scan at a time, so counts arrive in order
    bool rescan = false;    // a process exited during that scan
    bool stopped = false;

    void scan() {
        if (scanning) {
            rescan = true;
            return;
        }
        scanning = true;
        poll_timer.cancel();
        executors.blocking->post([self = shared_from_this()] {
            auto processes = scan_processes(self->config.match.needs_cmdline(),
                                            self->config.match.uid.has_value());
            auto pids = matching_pids(self->config.match, processes);
            asio::post(self->executors.loop, [self, pids] { self->counted(pids); });
        });
    }

    void counted(const std::vector<pid_t>& pids) {
        scanning = false;
        if (stopped) return;
        if (rescan) {
            rescan = false;
            scan();
            return;
        }
        if (quorum.observe(pids.size(), Clock::now())) report();
        if (stopped) return;  // the callback stopped us
        watch_exits(pids);
        arm_delay();
        poll_timer.expires_after(config.poll_interval);
        poll_timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (!ec && !self->stopped) self->scan();
        });
    }

    void watch_exits(const std::vector<pid_t>& pids) {
        std::map<pid_t, std::shared_ptr<asio::posix::stream_descriptor>> kept;
        for (pid_t pid : pids) {
            auto old = exits.find(pid);
            if (old != exits.end()) {
                kept.insert(exits.extract(old));
                continue;
            }
            // The process may be gone already (then the next poll sees it), or its pid reused
            // since the scan (then its exit only costs a needless scan).
            int fd = common::open_pidfd(pid);
            if (fd < 0) continue;
            auto watch = std::make_shared<asio::posix::stream_descriptor>(executors.loop, fd);
            watch->async_wait(asio::posix::stream_descriptor::wait_read,
                              [self = shared_from_this()](const boost::system::error_code& ec) {
                                  if (!ec && !self->stopped) self->scan();
                              });
            kept.emplace(pid, std::move(watch));
        }
        exits.swap(kept);  // watches of processes no longer counted close here
    }

    void arm_delay() {
        if (!quorum.deadline()) {
            delay_timer.cancel();
            return;
        }
        delay_timer.expires_at(*quorum.deadline());
        delay_timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (ec || self->stopped) return;
            if (self->quorum.on_timer(Clock::now())) self->report();
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
    state_->exits.clear();
}

}  // namespace routerd::vrrp::track
