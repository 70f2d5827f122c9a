#include "connect_set.hpp"

#include "local_error.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

#include <boost/asio/post.hpp>

namespace routerd::checks {
namespace {

std::string error_text(const char* call, int error) {
    return std::string(call) + ": " + std::generic_category().message(error);
}

// Kept sockets per family: more than a loop's checks in flight at once in any realistic farm
// (10,000 checks a second, each in flight for well under a millisecond on a LAN).
constexpr std::size_t kMaxIdle = 1024;

int make_epoll() {
    const int fd = ::epoll_create1(EPOLL_CLOEXEC);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
    return fd;
}

}  // namespace

ConnectSet::ConnectSet(boost::asio::io_context& io)
    : service(io),
      io_(io),
      epoll_fd_(make_epoll()),
      handshakes_(io, epoll_fd_),
      deadlines_(io, [this](uint64_t key) { timed_out(key); }) {}

void ConnectSet::shutdown() {
    const std::string stopped = "the checker stopped";
    for (auto& [key, attempt] : in_flight_) {
        ::close(attempt.fd);
        attempt.done({false, -1, stopped});
    }
    in_flight_.clear();
    for (std::vector<int>& idle : idle_) {
        for (const int fd : idle)
            ::close(fd);
        idle.clear();
    }
    std::vector<Queued> queued;
    {
        std::lock_guard lock(queue_mutex_);
        queued.swap(queued_);
    }
    for (Queued& attempt : queued)
        attempt.done({false, -1, stopped});
}

void ConnectSet::submit(std::shared_ptr<const ConnectTarget> target,
                        std::chrono::nanoseconds timeout, sdk::ProbeDone done) {
    bool first = false;
    {
        std::lock_guard lock(queue_mutex_);
        first = queued_.empty();
        queued_.push_back(Queued{std::move(target), timeout, std::move(done)});
    }
    if (first) boost::asio::post(io_, [this] { run_queued(); });
}

void ConnectSet::run_queued() {
    {
        std::lock_guard lock(queue_mutex_);
        std::swap(queued_, running_);
    }
    for (Queued& queued : running_)
        connect(*queued.target, queued.timeout, std::move(queued.done));
    running_.clear();
}

void ConnectSet::connect(const ConnectTarget& target, std::chrono::nanoseconds timeout,
                         sdk::ProbeDone done) {
    const boost::asio::ip::tcp::endpoint& to = target.endpoint;
    const int family = to.protocol().family();
    const int keep_as = target.binding.is_default() ? family : 0;  // 0: not kept (see release)
    const char* failed_call = nullptr;
    const int fd = take_socket(family, keep_as != 0, failed_call);
    if (fd < 0) return done({false, -1, error_text(failed_call, errno), is_local_error(errno)});
    const boost::system::error_code bound = target.binding.apply(fd, family);
    if (bound) {
        release(fd, keep_as);
        return done({false, -1, "connect: " + bound.message()});
    }
    if (::connect(fd, to.data(), static_cast<socklen_t>(to.size())) != 0 && errno != EINPROGRESS) {
        const int error = errno;
        release(fd, keep_as);
        return done({false, -1, error_text("connect", error)});
    }
    const uint64_t key = deadlines_.add(DeadlineQueue::Clock::now() + timeout);
    if (attempt_by_fd_.size() <= static_cast<std::size_t>(fd))
        attempt_by_fd_.resize(static_cast<std::size_t>(fd) + 1, kIdle);
    attempt_by_fd_[static_cast<std::size_t>(fd)] = key;
    in_flight_.emplace(key, Attempt{fd, keep_as, timeout, std::move(done)});
    wait_for_handshakes();
}

uint64_t ConnectSet::attempt_on(int fd) const {
    const auto index = static_cast<std::size_t>(fd);
    return index < attempt_by_fd_.size() ? attempt_by_fd_[index] : kIdle;
}

int ConnectSet::take_socket(int family, bool keepable, const char*& failed_call) {
    std::vector<int>& idle = idle_[family == AF_INET6];
    if (keepable && !idle.empty()) {
        const int fd = idle.back();
        idle.pop_back();
        return fd;
    }
    failed_call = "socket";
    const int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
    if (fd < 0) return -1;
    // The handshake is the whole check: the kernel delays the final ACK, and finish() resets
    // the connection before it is sent, so the server's kernel drops its half-open entry and
    // the server never accepts, serves or logs a check (HAProxy's L4 checks do the same, with
    // quick ACKs off). A server that cannot take connections does not answer the SYN: that
    // still fails. On a connecting socket, TCP_DEFER_ACCEPT delays that ACK as quick ACKs off
    // do (the kernel expects data to follow and saves the ACK: tcp_rcv_synsent_state_process),
    // and unlike them it outlives a disconnect: set once per socket, not once per check.
    const int defer = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer, sizeof defer);
    // Edge-triggered, armed for good: each edge is the end of a handshake, or a kept socket's
    // disconnect (see release).
    epoll_event interest{};
    interest.events = EPOLLOUT | EPOLLET;
    interest.data.fd = fd;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &interest) != 0) {
        failed_call = "epoll_ctl";
        const int error = errno;
        ::close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

// Resets rather than closes gracefully, as HAProxy's checks do: a balancer probing thousands
// of servers every few seconds would otherwise keep a TIME_WAIT socket per probe, and both
// sides would spend a FIN exchange on a connection that carries nothing. A disconnect
// (connect to AF_UNSPEC) sends the same reset as a close with a zero linger, releases the
// source port and leaves a socket that can connect again; its pending ECONNRESET is cleared
// by that next connect. A kept socket stays in the set, armed: the edge its disconnect raises
// is ignored while it waits (no attempt on it), and once it connects again epoll reports its
// state of that moment (epoll_wait polls a ready socket again before reporting it), which is
// the new handshake's. Closing takes a socket out of the set.
void ConnectSet::release(int fd, int family) {
    const sockaddr unspecified{AF_UNSPEC, {}};
    std::vector<int>* idle = family == 0 ? nullptr : &idle_[family == AF_INET6];
    if (idle && idle->size() < kMaxIdle && ::connect(fd, &unspecified, sizeof unspecified) == 0) {
        idle->push_back(fd);
        return;
    }
    const linger reset{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    ::close(fd);
}

void ConnectSet::wait_for_handshakes() {
    if (waiting_) return;
    waiting_ = true;
    handshakes_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                           [this](const boost::system::error_code& error) {
                               waiting_ = false;
                               if (!error) on_handshakes();
                           });
}

// Drains the set: the loop's reactor watches its descriptor edge-triggered, and the next edge
// comes only with a handshake that ends after this one returns.
void ConnectSet::on_handshakes() {
    std::array<epoll_event, 256> events;
    int n = 0;
    do {
        n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), 0);
        for (int i = 0; i < n; ++i) {
            const uint64_t key = attempt_on(events[i].data.fd);
            if (key == kIdle) continue;  // a kept socket's disconnect
            if ((events[i].events & (EPOLLERR | EPOLLHUP)) == 0) {
                finish(key, true, "");
                continue;
            }
            const auto it = in_flight_.find(key);
            if (it == in_flight_.end()) continue;
            int error = 0;
            socklen_t length = sizeof error;
            ::getsockopt(it->second.fd, SOL_SOCKET, SO_ERROR, &error, &length);
            finish(key, false, error_text("connect", error != 0 ? error : ECONNRESET));
        }
    } while (n == static_cast<int>(events.size()));
    if (!in_flight_.empty()) wait_for_handshakes();
}

void ConnectSet::timed_out(uint64_t key) {
    const auto it = in_flight_.find(key);
    if (it == in_flight_.end()) return;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(it->second.timeout);
    finish(key, false, "timed out after " + std::to_string(ms.count()) + " ms connecting");
}

void ConnectSet::finish(uint64_t key, bool up, std::string reason) {
    const auto it = in_flight_.find(key);
    if (it == in_flight_.end()) return;
    Attempt attempt = std::move(it->second);
    in_flight_.erase(it);
    attempt_by_fd_[static_cast<std::size_t>(attempt.fd)] = kIdle;
    deadlines_.remove(key);
    release(attempt.fd, attempt.family);
    attempt.done({up, -1, std::move(reason)});
}

}  // namespace routerd::checks
