#include "child_runner.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mutex>
#include <set>

namespace routerd::vrrp::track {

namespace asio = boost::asio;

struct ChildRunner::Running {
    Running(asio::any_io_executor loop, SpawnedChild child, Done on_done)
        : pid(child.pid), pidfd(loop, child.pidfd), timer(loop), done(std::move(on_done)) {}
    pid_t pid;
    asio::posix::stream_descriptor pidfd;
    asio::steady_timer timer;
    Done done;
    std::chrono::milliseconds timeout{0};
    bool timed_out = false;
    bool reaped = false;  // a timer expiry already queued when we reaped must not kill
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
    std::set<pid_t> unreaped;

    void started(std::shared_ptr<Shared> self, SpawnedChild child,
                 std::chrono::milliseconds timeout, Done done);
    void watch_exit(std::shared_ptr<Shared> self, std::shared_ptr<Running> run);
    void arm_timeout(std::shared_ptr<Shared> self, std::shared_ptr<Running> run);
    void finish(const std::shared_ptr<Running>& run, int status);
};

ChildRunner::ChildRunner(Executors executors, std::chrono::milliseconds kill_grace)
    : shared_(std::make_shared<Shared>(std::move(executors), kill_grace)) {}

ChildRunner::~ChildRunner() {
    stop();
}

void ChildRunner::run(const Command& command, std::chrono::milliseconds timeout, Done done) {
    if (shared_->loop_stopped)
        return;
    asio::post(shared_->executors.blocking,
               [self = shared_, command, timeout, done = std::move(done)]() mutable {
                   std::unique_lock lock(self->mutex);
                   if (self->spawn_stopped)
                       return;
                   try {
                       SpawnedChild child = spawn_child(command);
                       self->unreaped.insert(child.pid);
                       lock.unlock();
                       asio::post(self->executors.loop,
                                  [self, child, timeout, done = std::move(done)]() mutable {
                                      self->started(self, child, timeout, std::move(done));
                                  });
                   } catch (const std::exception& e) {
                       lock.unlock();
                       ChildOutcome failed = ChildOutcome::not_started_because(e.what());
                       asio::post(self->executors.loop, [self, failed, done = std::move(done)] {
                           if (!self->loop_stopped)
                               done(failed);
                       });
                   }
               });
}

void ChildRunner::Shared::started(std::shared_ptr<Shared> self, SpawnedChild child,
                                  std::chrono::milliseconds timeout, Done done) {
    auto run = std::make_shared<Running>(executors.loop, child, std::move(done));
    if (loop_stopped)
        return;  // stop() already killed and reaped it; `run` closes the pidfd
    run->timeout = timeout;
    running.insert(run);
    watch_exit(self, run);
    arm_timeout(self, run);
}

void ChildRunner::Shared::watch_exit(std::shared_ptr<Shared> self, std::shared_ptr<Running> run) {
    run->pidfd.async_wait(asio::posix::stream_descriptor::wait_read,
                          [self, run](const boost::system::error_code& ec) {
                              if (ec || self->loop_stopped)
                                  return;
                              int status = 0;
                              pid_t got = ::waitpid(run->pid, &status, WNOHANG);
                              if (got == 0) {
                                  self->watch_exit(self, run);
                                  return;
                              }
                              self->finish(run, status);
                          });
}

void ChildRunner::Shared::arm_timeout(std::shared_ptr<Shared> self, std::shared_ptr<Running> run) {
    run->timer.expires_after(run->timed_out ? kill_grace : run->timeout);
    run->timer.async_wait([self, run](const boost::system::error_code& ec) {
        if (ec || self->loop_stopped || run->reaped)
            return;
        // Still unreaped (only the loop reaps), so the pid and its group are still ours.
        ::kill(-run->pid, run->timed_out ? SIGKILL : SIGTERM);
        if (!run->timed_out) {
            run->timed_out = true;
            self->arm_timeout(self, run);
        }
    });
}

void ChildRunner::Shared::finish(const std::shared_ptr<Running>& run, int status) {
    {
        std::lock_guard lock(mutex);
        unreaped.erase(run->pid);
    }
    run->reaped = true;
    run->timer.cancel();
    run->pidfd.close();
    running.erase(run);
    run->done(run->timed_out ? ChildOutcome::timed_out_after(run->timeout)
                             : outcome_of_wait_status(status));
}

void ChildRunner::stop() {
    shared_->loop_stopped = true;
    {
        std::lock_guard lock(shared_->mutex);
        shared_->spawn_stopped = true;
        for (pid_t pid : shared_->unreaped) {
            ::kill(-pid, SIGKILL);
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
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
