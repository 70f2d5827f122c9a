#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>

#include <boost/asio/thread_pool.hpp>

namespace routerd::vrrp::track {

// The threads that run VRRP's blocking work (fork/exec of scripts, /proc scans, track files),
// made with the first task: a configuration without scripts or trackers has none.
class BlockingPool {
  public:
    explicit BlockingPool(std::size_t threads) : threads_(threads) {}
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
    std::unique_ptr<boost::asio::thread_pool> pool_;
};

}  // namespace routerd::vrrp::track
