#include "child_runner.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mutex>
#include <set>

namespace routerd::vrrp::track {

namespace asio = boost::asio;
using common::Child;

struct ChildRunner::Running {
    Running(asio::any_io_executor loop, std::shared_ptr<Child> child, int watch_fd, Done on_done)
        : child(std::move(child)), pidfd(loop, watch_fd), timer(loop), done(std::move(on_done)) {}
    std::shared_ptr<Child> child;
    asio::posix::stream_descriptor pidfd;  // a pidfd of its own, owned by the loop
    asio::steady_timer timer;
    Done done;
};

struct ChildRunner::Shared {
    Shared(Executors executors, std::chrono::milliseconds kill_grace)
        : executors(std::move(executors)), kill_grace(kill_grace) {}
    Executors executors;
    std::chrono::milliseconds kill_grace;

    // Loop side.
    bool loop_stopped = false;
    std::set<std::shared_ptr<Running>> running;

    // Shared with the pool: a child is in `unreaped` from fork until the loop reaps it, so
    // stop() can kill and reap whatever the pool started, even mid-flight.
    std::mutex mutex;
    bool spawn_stopped = false;
    std::set<std::shared_ptr<Child>> unreaped;

    void started(std::shared_ptr<Shared> self, std::shared_ptr<Child> child, int watch_fd,
                 Done done);
    void watch_exit(std::shared_ptr<Shared> self, std::shared_ptr<Running> run);
    void arm_deadline(std::shared_ptr<Shared> self, std::shared_ptr<Running> run,
                      std::chrono::milliseconds after);
    void finish(const std::shared_ptr<Running>& run, const ChildOutcome& outcome);
};

ChildRunner::ChildRunner(Executors executors, std::chrono::milliseconds kill_grace)
    : shared_(std::make_shared<Shared>(std::move(executors), kill_grace)) {}

ChildRunner::~ChildRunner() {
    stop();
}

void ChildRunner::run(const Command& command, std::chrono::milliseconds timeout, Done done) {
    if (shared_->loop_stopped) return;
    common::ChildSpec spec;
    spec.argv = command.argv;
    spec.run_as = command.run_as;
    spec.script_security = command.script_security;
    spec.timeout = timeout;
    spec.kill_grace = shared_->kill_grace;
    shared_->executors.blocking->post(
        [self = shared_, spec = std::move(spec), done = std::move(done)]() mutable {
            std::unique_lock lock(self->mutex);
            if (self->spawn_stopped) return;
            try {
                auto child = std::make_shared<Child>(Child::spawn(spec));
                const int watch_fd = child->open_watch_pidfd();
                self->unreaped.insert(child);
                lock.unlock();
                asio::post(self->executors.loop,
                           [self, child, watch_fd, done = std::move(done)]() mutable {
                               self->started(self, child, watch_fd, std::move(done));
                           });
            } catch (const std::system_error& e) {
                lock.unlock();
                ChildOutcome failed = ChildOutcome::not_started_because(e);
                asio::post(self->executors.loop, [self, failed, done = std::move(done)] {
                    if (!self->loop_stopped) done(failed);
                });
            }
        });
}

void ChildRunner::Shared::started(std::shared_ptr<Shared> self, std::shared_ptr<Child> child,
                                  int watch_fd, Done done) {
    auto run =
        std::make_shared<Running>(executors.loop, std::move(child), watch_fd, std::move(done));
    if (loop_stopped) return;  // stop() already killed and reaped it; `run` closes watch_fd
    running.insert(run);
    watch_exit(self, run);
    arm_deadline(self, run, run->child->timeout());
}

void ChildRunner::Shared::watch_exit(std::shared_ptr<Shared> self, std::shared_ptr<Running> run) {
    run->pidfd.async_wait(asio::posix::stream_descriptor::wait_read,
                          [self, run](const boost::system::error_code& ec) {
                              if (ec || self->loop_stopped) return;
                              if (std::optional<ChildOutcome> outcome = run->child->try_reap())
                                  self->finish(run, *outcome);
                              else
                                  self->watch_exit(self, run);
                          });
}

void ChildRunner::Shared::arm_deadline(std::shared_ptr<Shared> self, std::shared_ptr<Running> run,
                                       std::chrono::milliseconds after) {
    run->timer.expires_after(after);
    run->timer.async_wait([self, run](const boost::system::error_code& ec) {
        // Only the loop reaps, so an unreaped child's pid and group are still ours.
        if (ec || self->loop_stopped || run->child->reaped()) return;
        if (std::optional<std::chrono::milliseconds> grace = run->child->on_deadline())
            self->arm_deadline(self, run, *grace);
    });
}

void ChildRunner::Shared::finish(const std::shared_ptr<Running>& run, const ChildOutcome& outcome) {
    {
        std::lock_guard lock(mutex);
        unreaped.erase(run->child);
    }
    run->timer.cancel();
    run->pidfd.close();
    running.erase(run);
    run->done(outcome);
}

void ChildRunner::stop() {
    shared_->loop_stopped = true;
    {
        std::lock_guard lock(shared_->mutex);
        shared_->spawn_stopped = true;
        for (const auto& child : shared_->unreaped)
            child->kill_and_reap();
        shared_->unreaped.clear();
    }
    for (const auto& run : shared_->running) {
        run->timer.cancel();
        run->pidfd.close();
    }
    shared_->running.clear();
}

std::size_t ChildRunner::running() const {
    std::lock_guard lock(shared_->mutex);
    return shared_->unreaped.size();
}

}  // namespace routerd::vrrp::track
