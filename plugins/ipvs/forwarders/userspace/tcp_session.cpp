#include "tcp_session.h"

#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

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
    watch();
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
    // The raw recv, send and splice calls rely on non-blocking descriptors: Asio made the
    // server's so for the connect; the client's is made so here. The client's socket has
    // TCP_NODELAY and TCP_INQ from the listener already.
    boost::system::error_code ignored;
    client_.non_blocking(true, ignored);
    server_.set_option(tcp::no_delay(true), ignored);
    server_.set_option(AnnounceQueued(true), ignored);  // a kernel without it: see copy_some
    connected_ = true;
    last_activity_ = std::chrono::steady_clock::now();
    if (limits_.tcp_idle_timeout < limits_.connect_timeout) {
        timer_.expires_at(last_activity_ + limits_.tcp_idle_timeout);  // aborts the wait
        watch();
    }
    pump(up_);
    pump(down_);
}

void TcpSession::pump(Direction& d) {
    std::size_t moved = 0;
    while (!closed_ && !d.done) {
        if (moved >= kFairShare) {
            boost::asio::post(client_.get_executor(),
                              [self = shared_from_this(), &d] { self->pump(d); });
            return;
        }
        bool go_on = true;
        if (!d.unsent.empty()) {
            go_on = flush_unsent(d);
        } else if (d.in_pipe > 0) {
            go_on = flush_pipe(d, moved);
        } else if (d.eof) {
            finish(d);
            return;
        } else if (d.drained) {
            d.drained = false;
            wait(d, d.from, tcp::socket::wait_read);
            return;
        } else {
            go_on = d.pipe ? splice_some(d) : copy_some(d, moved);
        }
        if (!go_on) {
            return;
        }
    }
}

void TcpSession::wait(Direction& d, tcp::socket& socket, boost::asio::socket_base::wait_type what) {
    socket.async_wait(what, [self = shared_from_this(), &d](const boost::system::error_code& e) {
        if (!e) self->pump(d);
    });
}

// An error other than "would block" means the peer is gone (ECONNRESET, EPIPE): the whole
// connection ends.
bool TcpSession::flush_unsent(Direction& d) {
    const ssize_t n =
        ::send(d.to.native_handle(), d.unsent.data(), d.unsent.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) {
        d.unsent.erase(0, static_cast<std::size_t>(n));
        return true;
    }
    if (errno == EAGAIN || errno == EINTR) {
        wait(d, d.to, tcp::socket::wait_write);
    } else {
        close();
    }
    return false;
}

bool TcpSession::flush_pipe(Direction& d, std::size_t& moved) {
    const ssize_t n = ::splice(d.pipe.read_end(), nullptr, d.to.native_handle(), nullptr, d.in_pipe,
                               SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    if (n > 0) {
        d.in_pipe -= static_cast<std::size_t>(n);
        moved += static_cast<std::size_t>(n);
        last_activity_ = std::chrono::steady_clock::now();
        return true;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        wait(d, d.to, tcp::socket::wait_write);
    } else {
        close();
    }
    return false;
}

// One read, which with TCP_INQ reports what is still queued, and 1 when the peer's FIN is
// (tcp(7)): a FIN that came with the last data is read at once, rather than after another
// trip through the reactor, and an empty source is waited for without a read that fails
// with EAGAIN. Without the report (an older kernel) every read is followed by another.
bool TcpSession::copy_some(Direction& d, std::size_t& moved) {
    std::array<char, CMSG_SPACE(sizeof(int))> control;
    iovec data{d.buffer.data(), d.buffer.size()};
    msghdr message{};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    message.msg_control = control.data();
    message.msg_controllen = control.size();
    const ssize_t n = ::recvmsg(d.from.native_handle(), &message, MSG_DONTWAIT);
    if (n == 0) {
        d.eof = true;
        return true;
    }
    if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) {
            wait(d, d.from, tcp::socket::wait_read);
        } else {
            close();
        }
        return false;
    }
    int queued = 1;
    for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level == SOL_TCP && c->cmsg_type == TCP_CM_INQ) {
            std::memcpy(&queued, CMSG_DATA(c), sizeof queued);
        }
    }
    d.drained = queued == 0;
    last_activity_ = std::chrono::steady_clock::now();
    moved += static_cast<std::size_t>(n);
    if (static_cast<std::size_t>(n) == d.buffer.size()) {
        try {
            d.pipe = Pipe::take(limits_.buffer_size);  // bulk: splice from now on
        } catch (const std::system_error&) {
            // Out of descriptors: keep copying, which works too.
        }
    }
    ssize_t sent = ::send(d.to.native_handle(), d.buffer.data(), static_cast<std::size_t>(n),
                          MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent < 0 && errno != EAGAIN && errno != EINTR) {
        close();
        return false;
    }
    sent = std::max<ssize_t>(sent, 0);
    d.unsent.assign(d.buffer.data() + sent, static_cast<std::size_t>(n - sent));
    return true;
}

bool TcpSession::splice_some(Direction& d) {
    const ssize_t n = ::splice(d.from.native_handle(), nullptr, d.pipe.write_end(), nullptr,
                               limits_.buffer_size, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    if (n > 0) {
        d.in_pipe += static_cast<std::size_t>(n);
        d.drained = static_cast<std::size_t>(n) < limits_.buffer_size;  // likely empty
        return true;
    }
    if (n == 0) {
        d.eof = true;
        return true;
    }
    if (errno == EAGAIN || errno == EINTR) {
        wait(d, d.from, tcp::socket::wait_read);
    } else {
        close();
    }
    return false;
}

void TcpSession::finish(Direction& d) {
    d.done = true;
    // Half closed: the connection now only waits for its end (IPVS: FIN_WAIT, inactive).
    assignment_.ticket.deactivate();
    // The last direction to end needs no shutdown: closing sends the same FIN.
    if (up_.done && down_.done) return close();
    boost::system::error_code ignored;
    d.to.shutdown(tcp::socket::shutdown_send, ignored);
}

// One timer for both deadlines, armed once per connection: the connect timeout, then the
// idle timeout counted from the last byte moved (re-armed only when it expires early).
void TcpSession::watch() {
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
        if (error || self->closed_) {
            return;
        }
        if (!self->connected_) {
            ++self->state_->connect_failures;
            self->close();
            return;
        }
        const auto deadline = self->last_activity_ + self->limits_.tcp_idle_timeout;
        if (std::chrono::steady_clock::now() >= deadline) {
            ++self->state_->idle_timeouts;
            self->close();
            return;
        }
        self->timer_.expires_at(deadline);
        self->watch();
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
