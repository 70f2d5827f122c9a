// An I/O thread's event loop: one epoll set that holds every descriptor the thread serves
// (listening sockets, proxied connections, UDP flows), timers kept in the loop and waited for
// through epoll_wait's timeout, and work posted from other threads through an eventfd in the
// same set. The thread blocks in one place only, its epoll_wait.
//
// Why not Asio's io_context: its reactor is an epoll set of its own, so sockets in a set of
// ours would be waited for through a nested set. A socket wakes a thread that waits on it
// directly with a "sync" wake-up (sock_def_readable -> wake_up_interruptible_sync_poll),
// which lets the scheduler keep the waker running; a nested epoll set passes the event on
// with a plain wake-up. Measured on keep-alive requests: 0.38-0.40 context switches per
// request through the nested set, 0.29 with the sockets in the thread's only set (HAProxy,
// which waits the same way: 0.31-0.35).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

namespace routerd::ipvs::userspace {

class EventLoop {
  public:
    using Clock = std::chrono::steady_clock;

    EventLoop();  // throws std::system_error when the system is out of descriptors
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Something with a descriptor in the set.
    class Watcher {
      public:
        virtual void on_events(uint32_t events) = 0;

      protected:
        ~Watcher() = default;
    };
    // Adds a descriptor for `events` (EPOLLET for edge-triggered); throws std::system_error.
    // Closing the descriptor takes it out of the set unless the socket has other descriptors.
    void watch(int fd, uint32_t events, Watcher& watcher);
    void unwatch(int fd);

    // Calls a function once its deadline has passed. Armed and cancelled on the loop's
    // thread; costs no system call (the loop's wait times out at the earliest deadline).
    class Timer {
      public:
        Timer(EventLoop& loop, std::function<void()> on_expiry);
        ~Timer();  // cancels
        Timer(const Timer&) = delete;
        Timer& operator=(const Timer&) = delete;

        void arm(Clock::time_point deadline);  // replaces an earlier deadline
        void cancel();
        bool armed() const { return armed_; }
        Clock::time_point deadline() const { return position_->first; }  // when armed

      private:
        friend EventLoop;
        EventLoop& loop_;
        std::function<void()> on_expiry_;
        std::multimap<Clock::time_point, Timer*>::iterator position_;
        bool armed_ = false;
    };

    // On the loop's thread: runs `fn` after the events at hand, before the loop waits again.
    void defer(std::function<void()> fn);
    // From any thread: runs `fn` on the loop's thread.
    void post(std::function<void()> fn);

    void run();   // on the loop's thread, until stop()
    void stop();  // from any thread

  private:
    int wait_timeout_ms() const;  // -1: until an event
    void run_expired_timers();
    void run_posted();
    void run_deferred();

    int epoll_fd_;
    int wake_fd_;  // an eventfd: post() and stop() write to it
    std::multimap<Clock::time_point, Timer*> timers_;
    std::vector<std::function<void()>> deferred_;
    std::mutex posted_mutex_;
    std::vector<std::function<void()>> posted_;
    std::atomic<bool> stopped_{false};
};

}  // namespace routerd::ipvs::userspace
