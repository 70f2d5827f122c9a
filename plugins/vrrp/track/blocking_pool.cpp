#include "blocking_pool.hpp"

#include <pthread.h>

#include <boost/asio/post.hpp>

namespace routerd::vrrp::track {

void BlockingPool::post(std::function<void()> task) {
    std::lock_guard lock(mutex_);
    if (!pool_) {
        pool_ = std::make_unique<Threads>();
        for (std::size_t i = 0; i < threads_; ++i) {
            pool_->threads.emplace_back([io = &pool_->io] {
                pthread_setname_np(pthread_self(), "vrrp-blocking");
                io->run();
            });
        }
    }
    boost::asio::post(pool_->io, std::move(task));
}

BlockingPool::~BlockingPool() {
    if (!pool_) return;
    pool_->io.stop();
    for (std::thread& thread : pool_->threads)
        thread.join();
}

void BlockingPool::join() {
    std::unique_ptr<Threads> pool;
    {
        std::lock_guard lock(mutex_);
        pool.swap(pool_);
    }
    if (!pool) return;
    // Unlocked: its tasks may post more (to a pool made anew). The threads end once every task
    // posted here has run.
    pool->work.reset();
    for (std::thread& thread : pool->threads)
        thread.join();
}

}  // namespace routerd::vrrp::track
