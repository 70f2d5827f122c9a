#include "io_thread.hpp"

namespace routerd::checks {

IoThread::IoThread() : context_(std::make_unique<boost::asio::io_context>(1)) {}

IoThread::~IoThread() {
    stop();
}

void IoThread::start() {
    if (thread_.joinable()) return;
    work_ = std::make_unique<WorkGuard>(context_->get_executor());
    thread_ = std::thread([this] { context_->run(); });
}

void IoThread::stop() {
    if (!thread_.joinable()) return;
    context_->stop();
    thread_.join();
    work_.reset();
    context_ = std::make_unique<boost::asio::io_context>(1);  // the old one drops its handlers
}

}  // namespace routerd::checks
