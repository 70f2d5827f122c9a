#include "io_thread.hpp"

#include <pthread.h>

namespace routerd::checks {

IoThread::IoThread() : context_(std::make_unique<boost::asio::io_context>(1)) {}

IoThread::~IoThread() {
    stop();
}

void IoThread::start() {
    if (thread_.joinable()) return;
    work_ = std::make_unique<WorkGuard>(context_->get_executor());
    thread_ = std::thread([this] {
        // Named, so that a checker's loops can be told apart (top -H; a checker no check uses
        // is never started and has none).
        pthread_setname_np(pthread_self(), "check-io");
        context_->run();
    });
}

void IoThread::stop() {
    if (!thread_.joinable()) return;
    context_->stop();
    thread_.join();
    work_.reset();
    context_ = std::make_unique<boost::asio::io_context>(1);  // the old one drops its handlers
}

}  // namespace routerd::checks
