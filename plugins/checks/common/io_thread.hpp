#pragma once

#include <memory>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace routerd::checks {

// One of a checker's event loops, on a thread of its own (plugin.h allows it): started in
// start(), joined in stop(). The probes bound to it all run on it, so thousands of checks
// cost a thread per core, not one each.
class IoThread {
  public:
    IoThread();
    ~IoThread();
    IoThread(const IoThread&) = delete;
    IoThread& operator=(const IoThread&) = delete;

    boost::asio::io_context& context() { return *context_; }
    void start();
    // Joins the thread, then destroys what is still pending: an unfinished probe's
    // operation reports "the checker stopped" from its destructor, so the host hears back
    // from every probe it started. A later start() runs a fresh loop.
    void stop();

  private:
    using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
    std::unique_ptr<boost::asio::io_context> context_;
    std::unique_ptr<WorkGuard> work_;
    std::thread thread_;
};

}  // namespace routerd::checks
