#include "event_loop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <climits>
#include <exception>
#include <system_error>

namespace routerd::ipvs::userspace {

namespace {

int checked(int fd, const char* call) {
    if (fd < 0) throw std::system_error(errno, std::generic_category(), call);
    return fd;
}

// Out of memory in one handler (a new connection, say) must not end the thread: that
// handler's work is lost, the loop goes on with the others.
template <typename Handler>
void invoke(Handler&& handler) {
    try {
        handler();
    } catch (const std::exception&) {
    }
}

}  // namespace

EventLoop::EventLoop()
    : epoll_fd_(checked(::epoll_create1(EPOLL_CLOEXEC), "epoll_create1")),
      wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    epoll_event interest{};
    interest.events = EPOLLIN;
    interest.data.ptr = nullptr;  // the one descriptor without a watcher
    if (wake_fd_ < 0 || ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &interest) != 0) {
        const int error = errno;
        if (wake_fd_ >= 0) ::close(wake_fd_);
        ::close(epoll_fd_);
        throw std::system_error(error, std::generic_category(), "eventfd");
    }
}

EventLoop::~EventLoop() {
    ::close(wake_fd_);
    ::close(epoll_fd_);
}

void EventLoop::watch(int fd, uint32_t events, Watcher& watcher) {
    epoll_event interest{};
    interest.events = events;
    interest.data.ptr = &watcher;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &interest) != 0) {
        throw std::system_error(errno, std::generic_category(), "epoll_ctl");
    }
}

void EventLoop::unwatch(int fd) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);  // ENOENT: it never started
}

EventLoop::Timer::Timer(EventLoop& loop, std::function<void()> on_expiry)
    : loop_(loop), on_expiry_(std::move(on_expiry)) {}

EventLoop::Timer::~Timer() {
    cancel();
}

void EventLoop::Timer::arm(Clock::time_point deadline) {
    cancel();
    position_ = loop_.timers_.emplace(deadline, this);
    armed_ = true;
}

void EventLoop::Timer::cancel() {
    if (!armed_) return;
    loop_.timers_.erase(position_);
    armed_ = false;
}

void EventLoop::defer(std::function<void()> fn) {
    deferred_.push_back(std::move(fn));
}

void EventLoop::post(std::function<void()> fn) {
    bool was_empty;
    {
        std::lock_guard lock(posted_mutex_);
        was_empty = posted_.empty();
        posted_.push_back(std::move(fn));
    }
    // The loop takes the whole queue when woken: one wake-up per non-empty queue is enough.
    if (was_empty) {
        const uint64_t one = 1;
        [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
    }
}

void EventLoop::stop() {
    stopped_ = true;
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

void EventLoop::run() {
    std::array<epoll_event, 256> events;
    while (!stopped_) {
        const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                                   wait_timeout_ms());
        bool woken = false;
        for (int i = 0; i < n; ++i) {
            if (auto* watcher = static_cast<Watcher*>(events[i].data.ptr)) {
                invoke([&] { watcher->on_events(events[i].events); });
            } else {
                uint64_t count;
                [[maybe_unused]] const ssize_t r = ::read(wake_fd_, &count, sizeof count);
                woken = true;
            }
        }
        // Events left over from a full batch stay ready in the set: the next wait returns
        // them at once, after the timers, the posted work and the deferred work had a turn.
        run_expired_timers();
        // Work is posted only with a wake-up (post() writes when it fills an empty queue), so
        // a batch without one spares the lock. Work posted after the read wakes the next.
        if (woken) run_posted();
        run_deferred();
    }
}

int EventLoop::wait_timeout_ms() const {
    if (!deferred_.empty()) return 0;
    if (timers_.empty()) return -1;
    const auto left = timers_.begin()->first - Clock::now();
    if (left <= Clock::duration::zero()) return 0;
    // Rounded up: a timer never fires early, and a wait never ends just short of a deadline.
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    return ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}

void EventLoop::run_expired_timers() {
    if (timers_.empty()) return;
    const Clock::time_point now = Clock::now();
    while (!timers_.empty() && timers_.begin()->first <= now) {
        Timer* timer = timers_.begin()->second;
        timers_.erase(timers_.begin());
        timer->armed_ = false;
        invoke(timer->on_expiry_);  // may arm it again, for a deadline after `now`
    }
}

void EventLoop::run_posted() {
    std::vector<std::function<void()>> posted;
    {
        std::lock_guard lock(posted_mutex_);
        posted.swap(posted_);
    }
    for (auto& fn : posted)
        invoke(fn);
}

// Work deferred while this runs waits for the next round, after the next events.
void EventLoop::run_deferred() {
    if (deferred_.empty()) return;
    std::vector<std::function<void()>> deferred;
    deferred.swap(deferred_);
    for (auto& fn : deferred)
        invoke(fn);
}

}  // namespace routerd::ipvs::userspace
