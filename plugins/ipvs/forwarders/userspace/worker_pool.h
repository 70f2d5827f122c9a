// The forwarder's I/O threads: each runs an event loop of its own with a TcpRelay for its
// TCP connections, so a connection's handlers never run concurrently and need no lock.
#pragma once

#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "event_loop.h"
#include "tcp_relay.h"

namespace routerd::ipvs::userspace {

class WorkerPool {
  public:
    explicit WorkerPool(unsigned threads);
    ~WorkerPool();  // stops and joins; the threads' open connections end
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    std::size_t size() const { return workers_.size(); }
    EventLoop& loop(std::size_t i) { return workers_[i]->loop; }
    TcpRelay& relay(std::size_t i) { return workers_[i]->relay; }
    // The relay for a connection accepted on `accepting`'s thread: that one, unless it holds
    // clearly more connections (4 and an eighth more) than the lightest, which then gets it.
    // Called from any of the pool's threads; the relay returned counts the connection at once
    // (TcpRelay::reserve), so that a burst of them is not all handed to the same thread.
    //
    // Why: EPOLLEXCLUSIVE wakes one thread per new connection, and that thread takes every
    // connection pending. A burst of long-lived ones (a client's connection pool opening,
    // wrk's 50 keep-alive connections) would stay on it, 2:1 and worse, while the other
    // thread idles. HAProxy too hands each new connection to its least loaded thread.
    TcpRelay& relay_for(TcpRelay& accepting);
    // Runs fn on worker i's thread and waits for it (the calling thread must not be one of
    // the pool's).
    void run_on(std::size_t i, const std::function<void()>& fn);

  private:
    struct Worker {
        EventLoop loop;
        TcpRelay relay{loop};  // destroyed before the loop whose set its sockets are in
        std::thread thread;
    };
    std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace routerd::ipvs::userspace
