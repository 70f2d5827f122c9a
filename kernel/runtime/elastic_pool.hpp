#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

namespace routerd {

// A pool for blocking work (scripts, name lookups) whose threads exist only while there is
// work: a task that finds no thread waiting starts one (up to max_threads), and a thread that
// waited idle_exit for a task ends. A configuration that runs no scripts keeps no thread here.
class ElasticPool {
  public:
    ElasticPool(unsigned max_threads, std::chrono::milliseconds idle_exit, std::string name);
    ~ElasticPool();
    ElasticPool(const ElasticPool&) = delete;
    ElasticPool& operator=(const ElasticPool&) = delete;

    // Any thread. After stop(), the task is dropped.
    void post(std::function<void()> task);
    // Drops the queued tasks, waits for the running ones and for every thread to end.
    void stop();
    // Threads alive now.
    unsigned threads() const;

  private:
    void work();

    const unsigned max_threads_;
    const std::chrono::milliseconds idle_exit_;
    const std::string name_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;   // a task came, or stop
    std::condition_variable ended_;  // a thread ended
    std::deque<std::function<void()>> tasks_;
    unsigned threads_ = 0;
    unsigned waiting_ = 0;  // threads waiting for a task
    bool stopped_ = false;
};

}  // namespace routerd
