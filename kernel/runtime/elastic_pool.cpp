#include "runtime/elastic_pool.hpp"

#include <pthread.h>

#include <thread>

#include "util/log.hpp"

namespace routerd {

ElasticPool::ElasticPool(unsigned max_threads, std::chrono::milliseconds idle_exit,
                         std::string name)
    : max_threads_(std::max(1u, max_threads)), idle_exit_(idle_exit), name_(std::move(name)) {}

ElasticPool::~ElasticPool() {
    stop();
}

void ElasticPool::post(std::function<void()> task) {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    tasks_.push_back(std::move(task));
    if (waiting_ >= tasks_.size() || threads_ == max_threads_) {
        wake_.notify_one();
        return;
    }
    ++threads_;
    // Detached: a thread that ends on its own has nobody to join it. stop() waits for the count
    // instead, and a thread touches nothing of the pool once it has counted itself out.
    std::thread([this] { work(); }).detach();
}

void ElasticPool::work() {
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
    std::unique_lock lock(mutex_);
    for (;;) {
        ++waiting_;
        const bool woken =
            wake_.wait_for(lock, idle_exit_, [this] { return stopped_ || !tasks_.empty(); });
        --waiting_;
        if (!woken || stopped_) break;
        std::function<void()> task = std::move(tasks_.front());
        tasks_.pop_front();
        lock.unlock();
        try {
            task();
        } catch (const std::exception& e) {
            logger_for("routerd")->error("unhandled exception in blocking work: {}", e.what());
        }
        task = nullptr;  // its captures go before the pool may be gone
        lock.lock();
    }
    --threads_;
    ended_.notify_all();
}

void ElasticPool::stop() {
    std::deque<std::function<void()>> dropped;
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
        dropped.swap(tasks_);
        wake_.notify_all();
    }
    dropped.clear();  // unlocked: what a task held may post again (and be dropped)
    std::unique_lock lock(mutex_);
    ended_.wait(lock, [this] { return threads_ == 0; });
}

unsigned ElasticPool::threads() const {
    std::lock_guard lock(mutex_);
    return threads_;
}

}  // namespace routerd
