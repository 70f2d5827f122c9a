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
    explicit WorkerPool(unsigned threads);  // throws std::system_error, leaving no thread running
    ~WorkerPool();                          // stops and joins; the threads' open connections end
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    std::size_t size() const { return workers_.size(); }
    EventLoop& loop(std::size_t i) { return workers_[i]->loop; }
    TcpRelay& relay(std::size_t i) { return workers_[i]->relay; }
    // Runs fn on worker i's thread and waits for it (the calling thread must not be one of
    // the pool's).
    void run_on(std::size_t i, const std::function<void()>& fn);

  private:
    void stop_and_join();

    struct Worker {
        EventLoop loop;
        TcpRelay relay{loop};  // destroyed before the loop whose set its sockets are in
        std::thread thread;
    };
    std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace routerd::ipvs::userspace
