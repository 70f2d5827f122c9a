#include "runtime/runtime.hpp"

#include <pthread.h>

#include "util/log.hpp"

namespace routerd {

namespace {

// A blocking thread that waited this long for work ends (scripts run every few seconds at most
// keep theirs).
constexpr std::chrono::seconds kBlockingIdleExit{10};

}  // namespace

Runtime::Runtime(unsigned io_threads, unsigned blocking_threads)
    : work_(boost::asio::make_work_guard(io_)),
      blocking_(blocking_threads, kBlockingIdleExit, "rd-blocking") {
    for (unsigned i = 0; i < io_threads; ++i) {
        threads_.emplace_back([this] {
            pthread_setname_np(pthread_self(), "rd-io");
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
    blocking_.post(std::move(fn));
}

void Runtime::stop() {
    if (stopped_) return;
    stopped_ = true;
    work_.reset();
    io_.stop();
    for (std::thread& t : threads_)
        t.join();
    blocking_.stop();
}

}  // namespace routerd
