#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>

#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace routerd::vrrp::track {

// The threads that run VRRP's blocking work (fork/exec of scripts, /proc scans, track files),
// made with the first task: a configuration without scripts or trackers has none. They are
// named vrrp-blocking: made from the VRRP thread, they would otherwise inherit its name "vrrp",
// which the watchdog tests (and an operator's `top -H`) tell the router's loop by.
class BlockingPool {
  public:
    explicit BlockingPool(std::size_t threads) : threads_(threads) {}
    // Stops the pool: tasks not begun are dropped, running ones finish (as asio's thread_pool).
    ~BlockingPool();
    BlockingPool(const BlockingPool&) = delete;
    BlockingPool& operator=(const BlockingPool&) = delete;

    // Any thread.
    void post(std::function<void()> task);
    // Waits for every task posted (and those they post) to finish; the pool is made again by
    // a later post.
    void join();

  private:
    const std::size_t threads_;
    std::mutex mutex_;
    struct Threads {
        boost::asio::io_context io;
        boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{
            io.get_executor()};
        std::vector<std::thread> threads;
    };
    std::unique_ptr<Threads> pool_;
};

}  // namespace routerd::vrrp::track
