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
//
// A connection stays on the thread that accepted it, which is the thread the kernel woke
// for it: one that was waiting for work. A burst of long-lived connections (a client's
// connection pool opening, wrk's 50 keep-alive connections) lands on the thread that woke
// for the burst, though, 2:1 and worse, while the other idles. So a relay that holds clearly
// more connections than another thread's moves some of its idlest there, of those open for
// a while: their sockets leave its epoll set and join the other's, which loses no event
// (EPOLL_CTL_ADD reports what is ready). Handing new connections over at accept instead
// delayed each one handed, and in a stream of short connections, whose counts per thread
// swing all the time, that was 15-34 % of them: new-connection p99 0.96-0.99x HAProxy's,
// 1.03-1.09x now.
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
    // The relays of the pool's other threads, which it spreads its connections to; set
    // before the threads start.
    void set_peers(std::vector<TcpRelay*> peers) { peers_ = std::move(peers); }

    // Takes an accepted client connection (non-blocking): connects to the assigned real
    // server and relays between them, counting in `state`.
    void relay(int client_fd, boost::asio::ip::address client, Assignment assignment,
               std::shared_ptr<ForwarderState> state);

    // For the connections: each reports what happens to it.
    void connected(TcpSession& session);  // from connecting to relaying
    void touched(TcpSession& session);    // bytes moved: the idle timeout starts over
    void yield(TcpSession& session);      // used its fair share: resume after the others
    void closed(TcpSession& session);     // freed once the current batch is done

    // The connections it holds, and those moving to it; read from any thread.
    std::size_t load() const { return load_.load(std::memory_order_relaxed); }

    void close_all();  // on the loop's thread, once its loop has stopped

  private:
    using Sessions = std::list<TcpSession>;

    void settle();  // after the batch of events: frees the connections closed in it
    void keep_balancing();
    void balance();  // moves connections to the lightest peer when this holds clearly more
    void move(TcpRelay& peer, std::size_t count);  // the idlest that may
    void adopt(Sessions& sessions);                // on this thread: what a peer moved here
    void arm_sweep(std::chrono::steady_clock::time_point deadline);
    void sweep();  // closes connections past their connect or idle timeout
    // Closes the list's connections whose timeout has passed; the deadline of the first left.
    static std::optional<std::chrono::steady_clock::time_point> expire(
        std::list<TcpSession>& sessions, std::chrono::nanoseconds Limits::*timeout,
        std::atomic<uint64_t> ForwarderState::*counter, std::chrono::steady_clock::time_point now);

    EventLoop& loop_;
    EventLoop::Timer sweep_timer_;
    EventLoop::Timer balance_timer_;
    std::vector<TcpRelay*> peers_;
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
