#pragma once

#include <signal.h>

#include <functional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

namespace routerd {

// Takes `signals` on the thread that runs `io`, through a signalfd: the caller blocks them in
// every thread first (before starting any), so that none is delivered anywhere else.
class SignalWatch {
  public:
    SignalWatch(boost::asio::io_context& io, const sigset_t& signals,
                std::function<void(int signal)> on_signal);
    SignalWatch(const SignalWatch&) = delete;
    SignalWatch& operator=(const SignalWatch&) = delete;

  private:
    void read_next();

    boost::asio::posix::stream_descriptor fd_;
    std::function<void(int)> on_signal_;
};

}  // namespace routerd
