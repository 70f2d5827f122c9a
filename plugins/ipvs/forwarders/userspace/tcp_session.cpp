#include "tcp_session.h"

#include <fcntl.h>
#include <sys/socket.h>

#include <cerrno>

#include <boost/asio/post.hpp>

namespace routerd::ipvs::userspace {

namespace {

using boost::asio::ip::tcp;

// Bytes one pump moves before it yields to the thread's other connections.
constexpr std::size_t kFairShare = 1 << 20;

}  // namespace

TcpSession::TcpSession(tcp::socket client, Assignment assignment,
                       std::shared_ptr<ForwarderState> state)
    : client_(std::move(client)),
      server_(client_.get_executor()),
      timer_(client_.get_executor()),
      assignment_(std::move(assignment)),
      state_(std::move(state)),
      slot_(*state_),
      limits_(state_->limits()),
      last_activity_(std::chrono::steady_clock::now()) {}

TcpSession::~TcpSession() {
    Pipe::give_back(std::move(up_.pipe), up_.in_pipe == 0);
    Pipe::give_back(std::move(down_.pipe), down_.in_pipe == 0);
}

void TcpSession::start() {
    const tcp::endpoint target(assignment_.address, assignment_.port);
    server_.async_connect(
        target, [self = shared_from_this()](const auto& error) { self->on_connected(error); });
    timer_.expires_after(limits_.connect_timeout);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
        if (!error && !self->up_.pipe) {  // still connecting
            ++self->state_->connect_failures;
            self->close();
        }
    });
}

void TcpSession::on_connected(const boost::system::error_code& error) {
    if (closed_) {
        return;
    }
    if (error) {
        ++state_->connect_failures;
        close();
        return;
    }
    boost::system::error_code ignored;
    client_.set_option(tcp::no_delay(true), ignored);
    server_.set_option(tcp::no_delay(true), ignored);
    client_.non_blocking(true, ignored);
    server_.non_blocking(true, ignored);
    try {
        up_.pipe = Pipe::take(limits_.buffer_size);
        down_.pipe = Pipe::take(limits_.buffer_size);
    } catch (const std::system_error&) {
        close();  // out of descriptors: this connection cannot be relayed
        return;
    }
    timer_.cancel();
    last_activity_ = std::chrono::steady_clock::now();
    watch_idle();
    pump(up_);
    pump(down_);
}

// splice(2) from the source socket into the pipe, then from the pipe into the sink socket,
// until one of them would block; then waits for that socket to be ready.
void TcpSession::pump(Direction& d) {
    std::size_t moved = 0;
    while (!closed_ && !d.done) {
        if (moved >= kFairShare) {
            boost::asio::post(client_.get_executor(),
                              [self = shared_from_this(), &d] { self->pump(d); });
            return;
        }
        if (d.in_pipe > 0) {
            const ssize_t n = ::splice(d.pipe.read_end(), nullptr, d.to.native_handle(), nullptr,
                                       d.in_pipe, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
            if (n > 0) {
                d.in_pipe -= static_cast<std::size_t>(n);
                moved += static_cast<std::size_t>(n);
                last_activity_ = std::chrono::steady_clock::now();
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                d.to.async_wait(tcp::socket::wait_write,
                                [self = shared_from_this(), &d](const auto& error) {
                                    if (!error)
                                        self->pump(d);
                                });
                return;
            }
            close();  // the sink is gone (EPIPE, ECONNRESET)
            return;
        }
        if (d.eof) {
            finish(d);
            return;
        }
        const ssize_t n = ::splice(d.from.native_handle(), nullptr, d.pipe.write_end(), nullptr,
                                   limits_.buffer_size, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        if (n > 0) {
            d.in_pipe += static_cast<std::size_t>(n);
            continue;
        }
        if (n == 0) {
            d.eof = true;
            continue;
        }
        if (errno == EAGAIN || errno == EINTR) {
            d.from.async_wait(tcp::socket::wait_read,
                              [self = shared_from_this(), &d](const auto& error) {
                                  if (!error)
                                      self->pump(d);
                              });
            return;
        }
        close();  // the source failed (ECONNRESET)
        return;
    }
}

void TcpSession::finish(Direction& d) {
    d.done = true;
    boost::system::error_code ignored;
    d.to.shutdown(tcp::socket::shutdown_send, ignored);
    // Half closed: the connection now only waits for its end (IPVS: FIN_WAIT, inactive).
    assignment_.ticket.deactivate();
    if (up_.done && down_.done) {
        close();
    }
}

void TcpSession::watch_idle() {
    timer_.expires_at(last_activity_ + limits_.tcp_idle_timeout);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
        if (error || self->closed_) {
            return;
        }
        if (std::chrono::steady_clock::now() - self->last_activity_ >=
            self->limits_.tcp_idle_timeout) {
            ++self->state_->idle_timeouts;
            self->close();
        } else {
            self->watch_idle();
        }
    });
}

void TcpSession::close() {
    if (closed_) {
        return;
    }
    closed_ = true;
    boost::system::error_code ignored;
    timer_.cancel();
    client_.close(ignored);
    server_.close(ignored);
}

}  // namespace routerd::ipvs::userspace
