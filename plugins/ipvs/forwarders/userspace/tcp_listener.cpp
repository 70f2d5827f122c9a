#include "tcp_listener.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <boost/asio/post.hpp>

namespace routerd::ipvs::userspace {

namespace {

using boost::asio::ip::tcp;

std::chrono::nanoseconds monotonic_now() {
    return std::chrono::steady_clock::now().time_since_epoch();
}

void set_option(int fd, int level, int name) {
    const int on = 1;
    if (::setsockopt(fd, level, name, &on, sizeof on) != 0) {
        throw std::system_error(errno, std::generic_category(), "setsockopt");
    }
}

}  // namespace

int listen_tcp(const ServiceSpec& spec) {
    const tcp::endpoint endpoint(spec.address, spec.port);
    const int fd =
        ::socket(endpoint.protocol().family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "socket");
    try {
        if (endpoint.address().is_v6()) set_option(fd, IPPROTO_IPV6, IPV6_V6ONLY);
        set_option(fd, SOL_SOCKET, SO_REUSEADDR);
        set_listener_options(fd);
        // Accepted connections inherit these (tcp(7)), which spares two calls per connection.
        set_option(fd, SOL_TCP, TCP_NODELAY);
        const int on = 1;  // before Linux 4.18 there is no TCP_INQ; TcpSession copes
        ::setsockopt(fd, SOL_TCP, TCP_INQ, &on, sizeof on);
        if (::bind(fd, endpoint.data(), static_cast<socklen_t>(endpoint.size())) != 0 ||
            ::listen(fd, SOMAXCONN) != 0) {
            throw std::system_error(errno, std::generic_category(), "bind");
        }
    } catch (...) {
        ::close(fd);
        throw;
    }
    return fd;
}

void TcpListenerGroup::add(const std::shared_ptr<TcpListener>& member) {
    members_.push_back({&member->relay(), member});
}

std::shared_ptr<TcpListener> TcpListenerGroup::lighter_than(const TcpRelay& relay) const {
    const Member* lightest = nullptr;
    for (const Member& m : members_) {
        if (!lightest || m.relay->load() < lightest->relay->load()) lightest = &m;
    }
    const std::size_t least = lightest ? lightest->relay->load() : 0;
    if (!lightest || relay.load() <= least + 4 + least / 8) return nullptr;
    return lightest->listener.lock();
}

TcpListener::TcpListener(boost::asio::io_context& context, int fd, const ServiceSpec& spec,
                         std::shared_ptr<ServiceBalancer> balancer,
                         std::shared_ptr<ForwarderState> state,
                         std::shared_ptr<const TcpListenerGroup> group)
    : relay_(boost::asio::use_service<TcpRelay>(context)),
      fd_(fd),
      service_(spec.address, spec.port),
      backoff_(context),
      balancer_(std::move(balancer)),
      state_(std::move(state)),
      group_(std::move(group)) {}

TcpListener::~TcpListener() {
    close();
}

void TcpListener::start() {
    relay_.watch(fd_, EPOLLIN | EPOLLET | EPOLLEXCLUSIVE, *this);
}

// The other threads' descriptors keep the socket open, and epoll forgets a socket only when
// it closes: this thread's set lets go of it first.
void TcpListener::close() {
    if (fd_ < 0) return;
    relay_.unwatch(fd_);
    ::close(fd_);
    fd_ = -1;
    backoff_.cancel();
}

void TcpListener::on_events(uint32_t) {
    accept_all();
}

// Edge-triggered: every pending connection is taken now, since no new event comes for them,
// by this thread or, once it holds clearly more connections, by the lightest one.
void TcpListener::accept_all() {
    while (fd_ >= 0) {
        if (const std::shared_ptr<TcpListener> lighter = group_->lighter_than(relay_)) {
            boost::asio::post(lighter->backoff_.get_executor(),
                              [lighter] { lighter->accept_all(); });
            return;
        }
        sockaddr_storage peer{};
        socklen_t length = sizeof peer;
        const int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&peer), &length,
                                 SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            take(fd, peer, length);
        } else if (errno == EAGAIN) {
            return;
        } else if (errno != EINTR && errno != ECONNABORTED) {
            // Out of descriptors or memory: accepting again at once would spin, and the
            // pending connections raise no new event; try again a little later.
            backoff_.expires_after(std::chrono::milliseconds(50));
            backoff_.async_wait([self = shared_from_this()](const boost::system::error_code& e) {
                if (!e) self->accept_all();
            });
            return;
        }
    }
}

void TcpListener::take(int fd, const sockaddr_storage& peer, socklen_t length) {
    if (state_->open.load() >= state_->limits().max_connections) {
        ++state_->refused_max_connections;
        ::close(fd);
        return;
    }
    tcp::endpoint client;
    std::memcpy(client.data(), &peer, length);
    client.resize(length);
    std::optional<Assignment> assignment = balancer_->assign(
        {client.address(), client.port(), service_.address(), service_.port()}, monotonic_now());
    if (!assignment) {
        ++state_->refused_no_server;
        ::close(fd);
        return;
    }
    ++state_->accepted;
    relay_.relay(fd, std::move(*assignment), state_);
}

}  // namespace routerd::ipvs::userspace
