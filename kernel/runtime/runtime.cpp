#include "runtime/runtime.hpp"

#include "util/log.hpp"

namespace routerd {

Runtime::Runtime(unsigned io_threads, unsigned blocking_threads)
    : work_(boost::asio::make_work_guard(io_)), blocking_(blocking_threads) {
    for (unsigned i = 0; i < io_threads; ++i) {
        threads_.emplace_back([this] {
            for (;;) {
                try {
                    io_.run();
                    return;
                } catch (const std::exception& e) {
                    // A handler must not take the daemon down; log and keep serving.
                    logger_for("routerd")->error("unhandled exception in an event handler: {}",
                                                 e.what());
                }
            }
        });
    }
}

Runtime::~Runtime() {
    stop();
}

void Runtime::post_blocking(std::function<void()> fn) {
    boost::asio::post(blocking_, std::move(fn));
}

void Runtime::stop() {
    if (stopped_) return;
    stopped_ = true;
    work_.reset();
    io_.stop();
    for (std::thread& t : threads_)
        t.join();
    blocking_.stop();
    blocking_.join();
}

}  // namespace routerd
