#include "daemon/signal_watch.hpp"

#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace routerd {

SignalWatch::SignalWatch(boost::asio::io_context& io, const sigset_t& signals,
                         std::function<void(int signal)> on_signal)
    : fd_(io), on_signal_(std::move(on_signal)) {
    const int fd = ::signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "signalfd");
    fd_.assign(fd);
    read_next();
}

void SignalWatch::read_next() {
    fd_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                   [this](const boost::system::error_code& ec) {
                       if (ec) return;  // closed: routerd is stopping
                       signalfd_siginfo info{};
                       while (::read(fd_.native_handle(), &info, sizeof info) ==
                              static_cast<ssize_t>(sizeof info))
                           on_signal_(static_cast<int>(info.ssi_signo));
                       read_next();
                   });
}

}  // namespace routerd
