#include "tcp_session.h"

#include "routerd/ipvs/userspace/descriptor_plan.h"

#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include <boost/asio/ip/tcp.hpp>

namespace routerd::ipvs::userspace {

namespace {

// Bytes one pump moves before it yields to the thread's other connections.
constexpr std::size_t kFairShare = 1 << 20;

// Both sockets are watched for everything, once: the flags remember what each event said.
constexpr uint32_t kWatched = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;

bool would_block(int error) {
    return error == EAGAIN || error == EINTR;
}

}  // namespace

TcpSession::TcpSession(TcpRelay& relay, int client_fd, boost::asio::ip::address client,
                       Assignment assignment, std::shared_ptr<ForwarderState> state)
    : relay_(&relay),
      client_(*this, client_fd),
      server_(*this, -1),
      assignment_(std::move(assignment)),
      state_(std::move(state)),
      slot_(*state_, std::move(client), kDescriptorsPerTcpConnection),
      limits_(state_->limits()),
      since_(std::chrono::steady_clock::now()) {}

TcpSession::~TcpSession() {
    close_sockets();
    Pipe::give_back(std::move(up_.pipe), up_.in_pipe == 0);
    Pipe::give_back(std::move(down_.pipe), down_.in_pipe == 0);
}

void TcpSession::start() {
    const boost::asio::ip::tcp::endpoint target(assignment_.address, assignment_.port);
    server_.fd = ::socket(target.protocol().family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
                          IPPROTO_TCP);
    if (server_.fd < 0) {
        if (errno != EMFILE && errno != ENFILE) return fail_connect();
        ++state_->refused_descriptors;  // ours, not the real server's failure
        return close();
    }
    const int on = 1;
    ::setsockopt(server_.fd, SOL_TCP, TCP_NODELAY, &on, sizeof on);
    ::setsockopt(server_.fd, SOL_TCP, TCP_INQ, &on, sizeof on);  // older kernels: copy_some
    if (::connect(server_.fd, target.data(), static_cast<socklen_t>(target.size())) != 0 &&
        errno != EINPROGRESS) {
        return fail_connect();
    }
    try {
        watch_sockets();
    } catch (const std::system_error&) {
        close();  // out of memory for the set: as if the connection never came
    }
}

bool TcpSession::movable(std::chrono::steady_clock::time_point before) const {
    const auto empty = [](const Direction& d) { return d.unsent.empty() && d.in_pipe == 0; };
    return connected_ && connected_at_ < before && !closed_ && empty(up_) && empty(down_);
}

void TcpSession::detach() {
    relay_->loop().unwatch(client_.fd);
    relay_->loop().unwatch(server_.fd);
}

void TcpSession::attach(TcpRelay& relay) {
    relay_ = &relay;
    watch_sockets();
}

void TcpSession::watch_sockets() {
    relay_->loop().watch(client_.fd, kWatched, client_);
    relay_->loop().watch(server_.fd, kWatched, server_);
}

void TcpSession::fail_connect() {
    ++state_->connect_failures;
    close();
}

void TcpSession::on_events(Socket& socket, uint32_t events) {
    if (closed_) return;  // the batch still held events for a connection closed in it
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) socket.readable = true;
    if (events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) socket.writable = true;
    if (!connected_) {
        if (&socket == &server_) on_connect_result(events);
        return;  // the client's bytes wait for the server
    }
    relay_->touched(*this);
    resume();
}

// A connect in progress reports its end as the socket turning writable (connected) or as an
// error or hang-up (refused, unreachable): connect(2), EINPROGRESS.
void TcpSession::on_connect_result(uint32_t events) {
    if (events & (EPOLLERR | EPOLLHUP)) return fail_connect();
    if ((events & EPOLLOUT) == 0) return;
    connected_ = true;
    connected_at_ = std::chrono::steady_clock::now();
    relay_->connected(*this);
    resume();
}

void TcpSession::resume() {
    pump(up_);
    pump(down_);
}

void TcpSession::pump(Direction& d) {
    std::size_t moved = 0;
    while (!closed_ && !d.done) {
        if (moved >= kFairShare) return relay_->yield(*this);
        if (!d.unsent.empty()) {
            if (!d.to.writable) return;
            flush_unsent(d);
        } else if (d.in_pipe > 0) {
            if (!d.to.writable) return;
            flush_pipe(d, moved);
        } else if (d.eof) {
            return finish(d);
        } else {
            if (!d.from.readable) return;
            if (d.pipe) {
                splice_some(d);
            } else {
                copy_some(d, moved);
            }
        }
    }
}

// An error other than "would block" means the peer is gone (ECONNRESET, EPIPE): the whole
// connection ends.
void TcpSession::flush_unsent(Direction& d) {
    const ssize_t n =
        ::send(d.to.fd, d.unsent.data(), d.unsent.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) {
        d.unsent.erase(0, static_cast<std::size_t>(n));
    } else if (would_block(errno)) {
        d.to.writable = false;
    } else {
        close();
    }
}

void TcpSession::flush_pipe(Direction& d, std::size_t& moved) {
    const ssize_t n = ::splice(d.pipe.read_end(), nullptr, d.to.fd, nullptr, d.in_pipe,
                               SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    if (n > 0) {
        d.in_pipe -= static_cast<std::size_t>(n);
        moved += static_cast<std::size_t>(n);
    } else if (n < 0 && would_block(errno)) {
        d.to.writable = false;
    } else {
        close();
    }
}

// One read, which with TCP_INQ reports what is still queued, and 1 when the peer's FIN is
// (tcp(7)): a FIN that came with the last data is read at once, and an empty source is
// waited for without a read that fails with EAGAIN (data that arrives later raises a new
// edge). Without the report (an older kernel) every read is followed by another.
void TcpSession::copy_some(Direction& d, std::size_t& moved) {
    std::array<char, CMSG_SPACE(sizeof(int))> control;
    iovec data{d.buffer.data(), d.buffer.size()};
    msghdr message{};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    message.msg_control = control.data();
    message.msg_controllen = control.size();
    const ssize_t n = ::recvmsg(d.from.fd, &message, MSG_DONTWAIT);
    if (n == 0) {
        d.eof = true;
        return;
    }
    if (n < 0) {
        if (would_block(errno)) {
            d.from.readable = false;
        } else {
            close();
        }
        return;
    }
    int queued = 1;
    for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level == SOL_TCP && c->cmsg_type == TCP_CM_INQ) {
            std::memcpy(&queued, CMSG_DATA(c), sizeof queued);
        }
    }
    d.from.readable = queued != 0;
    moved += static_cast<std::size_t>(n);
    assignment_.ticket.relayed(&d == &up_, static_cast<uint64_t>(n));
    if (static_cast<std::size_t>(n) == d.buffer.size()) {
        try {
            d.pipe = Pipe::take(limits_.buffer_size);  // bulk: splice from now on
        } catch (const std::system_error&) {
            // Out of descriptors: keep copying, which works too.
        }
    }
    // More is queued (bytes, or the FIN): MSG_MORE (send(2)) holds the segment for what the
    // next step sends, which follows at once; a FIN then leaves in the same segment as the
    // last bytes, as a peer that sent them together would expect, rather than in one more.
    const int more = d.from.readable ? MSG_MORE : 0;
    ssize_t sent = ::send(d.to.fd, d.buffer.data(), static_cast<std::size_t>(n),
                          MSG_NOSIGNAL | MSG_DONTWAIT | more);
    if (sent < 0 && !would_block(errno)) return close();
    sent = std::max<ssize_t>(sent, 0);
    d.unsent.assign(d.buffer.data() + sent, static_cast<std::size_t>(n - sent));
}

// A short splice does not prove the socket empty (a pipe's slots can fill before its bytes
// do), so only EAGAIN clears `readable`.
void TcpSession::splice_some(Direction& d) {
    const ssize_t n = ::splice(d.from.fd, nullptr, d.pipe.write_end(), nullptr, limits_.buffer_size,
                               SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    if (n > 0) {
        d.in_pipe += static_cast<std::size_t>(n);
        assignment_.ticket.relayed(&d == &up_, static_cast<uint64_t>(n));
    } else if (n == 0) {
        d.eof = true;
    } else if (would_block(errno)) {
        d.from.readable = false;
    } else {
        close();
    }
}

void TcpSession::finish(Direction& d) {
    d.done = true;
    // Half closed: the connection now only waits for its end (IPVS: FIN_WAIT, inactive).
    assignment_.ticket.deactivate();
    // The last direction to end needs no shutdown: closing sends the same FIN.
    if (up_.done && down_.done) return close();
    ::shutdown(d.to.fd, SHUT_WR);
}

void TcpSession::close() {
    if (closed_) return;
    closed_ = true;
    close_sockets();
    relay_->closed(*this);
}

// Closing takes the sockets out of the relay's set.
void TcpSession::close_sockets() {
    for (Socket* socket : {&client_, &server_}) {
        if (socket->fd >= 0) ::close(socket->fd);
        socket->fd = -1;
    }
}

}  // namespace routerd::ipvs::userspace
