#include "blocking_pool.hpp"

#include <boost/asio/post.hpp>

namespace routerd::vrrp::track {

void BlockingPool::post(std::function<void()> task) {
    std::lock_guard lock(mutex_);
    if (!pool_) pool_ = std::make_unique<boost::asio::thread_pool>(threads_);
    boost::asio::post(*pool_, std::move(task));
}

void BlockingPool::join() {
    std::unique_ptr<boost::asio::thread_pool> pool;
    {
        std::lock_guard lock(mutex_);
        pool.swap(pool_);
    }
    if (pool) pool->join();  // unlocked: its tasks may post more (to a pool made anew)
}

}  // namespace routerd::vrrp::track
