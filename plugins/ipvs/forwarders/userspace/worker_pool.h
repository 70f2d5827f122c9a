// The forwarder's I/O threads: one io_context each, so a connection's handlers never run
// concurrently and need no strand.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace routerd::ipvs::userspace {

class WorkerPool {
  public:
    explicit WorkerPool(unsigned threads);
    ~WorkerPool();  // stops and joins
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    std::size_t size() const { return workers_.size(); }
    boost::asio::io_context& context(std::size_t i) { return workers_[i]->context; }
    // Runs fn on worker i's thread and waits for it (the calling thread must not be one of
    // the pool's).
    void run_on(std::size_t i, const std::function<void()>& fn);

  private:
    struct Worker {
        boost::asio::io_context context{1};
        boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard{
            context.get_executor()};
        std::thread thread;
    };
    std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace routerd::ipvs::userspace
