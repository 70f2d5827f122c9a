#pragma once

#include <functional>
#include <future>
#include <thread>
#include <type_traits>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "runtime/elastic_pool.hpp"

namespace routerd {

using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

// The threads routerd runs on: an io_context served by a few threads, where each plugin owns
// a strand (its serial executor), and a separate pool for blocking work (scripts, lookups),
// which never runs on the io threads and has threads only while it has work (up to
// blocking_threads).
class Runtime {
  public:
    Runtime(unsigned io_threads, unsigned blocking_threads);
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    boost::asio::io_context& io() { return io_; }
    Strand make_strand() { return boost::asio::make_strand(io_); }
    void post_blocking(std::function<void()> fn);
    // Stops the io threads and the blocking pool, and waits for them.
    void stop();

    // Runs fn on `strand` and waits for its result. From outside the io threads, or from the
    // io thread of a runtime that has only one: a handler that calls here (a service attaching
    // a check while configured on its strand asks the checker's strand to parse it) would wait
    // for the only thread that could run fn, itself. There fn runs at once, inline: no other
    // handler of any strand can be running meanwhile, so the strand's one-at-a-time promise
    // holds.
    template <class F>
    auto run_on(const Strand& strand, F&& fn) -> std::invoke_result_t<F> {
        if (strand.running_in_this_thread() || sole_io_thread_is_this_one()) return fn();
        using R = std::invoke_result_t<F>;
        std::packaged_task<R()> task(std::forward<F>(fn));
        std::future<R> result = task.get_future();
        boost::asio::post(strand, [&task] { task(); });
        return result.get();
    }

  private:
    bool sole_io_thread_is_this_one() const {
        return threads_.size() == 1 && threads_.front().get_id() == std::this_thread::get_id();
    }

    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    ElasticPool blocking_;
    std::vector<std::thread> threads_;
    bool stopped_ = false;
};

}  // namespace routerd
