// The TCP side of one I/O thread: its proxied connections, their sockets in the thread's
// event loop, and their connect and idle timeouts.
//
// Why not Asio's sockets: Asio spends system calls per socket that HAProxy does not, and a
// proxy that opens a connection per request pays them on every one. Asio makes sockets
// non-blocking with an ioctl each (here accept4 and socket do it), completes a connect with
// poll and getsockopt (here the epoll flags say it), removes an accepted descriptor from its
// reactor before registering it (it may be a reused number), and modifies a descriptor's
// registration for each wait. Here each socket is registered once, edge-triggered, for
// reading and writing, and stays so until it is closed; a connection remembers which of its
// sockets are readable and writable and acts only on those.
//
// A connection's memory outlives its close until the end of the batch of events that
// closed it, since the batch may still hold events for its sockets.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <vector>

#include "event_loop.h"
#include "forwarder_state.h"
#include "routerd/ipvs/userspace/service_balancer.h"

namespace routerd::ipvs::userspace {

class TcpSession;

class TcpRelay {
  public:
    explicit TcpRelay(EventLoop& loop);
    ~TcpRelay();  // closes every connection
    TcpRelay(const TcpRelay&) = delete;
    TcpRelay& operator=(const TcpRelay&) = delete;

    EventLoop& loop() { return loop_; }

    // Counts a connection about to be relayed here (from any thread), so that the choice of
    // a thread for the next one sees it even before relay() runs.
    void reserve() { load_.fetch_add(1, std::memory_order_relaxed); }
    void unreserve() { load_.fetch_sub(1, std::memory_order_relaxed); }  // it never came
    // Takes an accepted client connection (non-blocking) that reserve() counted: connects to
    // the assigned real server and relays between them, counting in `state`.
    void relay(int client_fd, Assignment assignment, std::shared_ptr<ForwarderState> state);

    // For the connections: each reports what happens to it.
    void connected(TcpSession& session);  // from connecting to relaying
    void touched(TcpSession& session);    // bytes moved: the idle timeout starts over
    void yield(TcpSession& session);      // used its fair share: resume after the others
    void closed(TcpSession& session);     // freed once the current batch is done

    // The connections it holds and is about to; read from any thread (the listeners compare
    // their threads').
    std::size_t load() const { return load_.load(std::memory_order_relaxed); }

    void close_all();  // on the loop's thread, once its loop has stopped

  private:
    using Sessions = std::list<TcpSession>;

    void settle();  // after the batch of events: frees the connections closed in it
    void arm_sweep(std::chrono::steady_clock::time_point deadline);
    void sweep();  // closes connections past their connect or idle timeout
    // Closes the list's connections whose timeout has passed; the deadline of the first left.
    static std::optional<std::chrono::steady_clock::time_point> expire(
        std::list<TcpSession>& sessions, std::chrono::nanoseconds Limits::*timeout,
        std::atomic<uint64_t> ForwarderState::*counter, std::chrono::steady_clock::time_point now);

    EventLoop& loop_;
    EventLoop::Timer sweep_timer_;
    // Each list is ordered by the time its timeout counts from: when the connect started,
    // and when bytes last moved.
    Sessions connecting_;
    Sessions relaying_;
    Sessions closed_;
    std::vector<TcpSession*> yielded_;
    bool resuming_ = false;  // resuming yielded_ is deferred
    bool settling_ = false;  // settle() is deferred
    std::atomic<std::size_t> load_{0};
};

}  // namespace routerd::ipvs::userspace
