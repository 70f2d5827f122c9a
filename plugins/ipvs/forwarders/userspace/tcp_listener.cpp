#include "tcp_listener.h"

#include "routerd/ipvs/userspace/descriptor_plan.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace routerd::ipvs::userspace {

namespace {

using boost::asio::ip::tcp;

std::chrono::nanoseconds monotonic_now() {
    return std::chrono::steady_clock::now().time_since_epoch();
}

}  // namespace

int listen_tcp(const ServiceSpec& spec) {
    const int fd = bind_service_socket(spec, SOCK_STREAM);
    try {
        // Accepted connections inherit these (tcp(7)), which spares two calls per connection.
        set_socket_option(fd, SOL_TCP, TCP_NODELAY);
        const int on = 1;  // before Linux 4.18 there is no TCP_INQ; TcpSession copes
        ::setsockopt(fd, SOL_TCP, TCP_INQ, &on, sizeof on);
        if (::listen(fd, SOMAXCONN) != 0) {
            throw std::system_error(errno, std::generic_category(), "listen");
        }
    } catch (...) {
        ::close(fd);
        throw;
    }
    return fd;
}

TcpListener::TcpListener(TcpRelay& relay, int fd, const ServiceSpec& spec,
                         std::shared_ptr<ServiceBalancer> balancer,
                         std::shared_ptr<ForwarderState> state)
    : relay_(relay),
      fd_(fd),
      service_(spec.address, spec.port),
      backoff_(relay_.loop(), [this] { accept_all(); }),
      balancer_(std::move(balancer)),
      state_(std::move(state)) {
    state_->hold_listener();
}

TcpListener::~TcpListener() {
    close();
}

void TcpListener::start() {
    relay_.loop().watch(fd_, EPOLLIN | EPOLLET | EPOLLEXCLUSIVE, *this);
}

// The other threads' descriptors keep the socket open, and epoll forgets a socket only when
// it closes: this thread's set lets go of it first.
void TcpListener::close() {
    if (fd_ < 0) return;
    relay_.loop().unwatch(fd_);
    ::close(fd_);
    fd_ = -1;
    state_->release_listener();
    backoff_.cancel();
}

void TcpListener::on_events(uint32_t) {
    accept_all();
}

// Edge-triggered: every pending connection is taken now, since no new event comes for them.
void TcpListener::accept_all() {
    while (fd_ >= 0) {
        sockaddr_storage peer{};
        socklen_t length = sizeof peer;
        const int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&peer), &length,
                                 SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            take(fd, peer, length);
        } else if (errno == EAGAIN) {
            return;
        } else if (errno != EINTR && errno != ECONNABORTED) {
            if (errno == EMFILE || errno == ENFILE) ++state_->refused_descriptors;
            // Out of descriptors or memory: accepting again at once would spin, and the
            // pending connections raise no new event; try again a little later.
            backoff_.arm(std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
            return;
        }
    }
}

void TcpListener::take(int fd, const sockaddr_storage& peer, socklen_t length) {
    tcp::endpoint client;
    std::memcpy(client.data(), &peer, length);
    client.resize(length);
    if (state_->admit(client.address(), kDescriptorsPerTcpConnection) !=
        ForwarderState::Admission::admitted) {
        ::close(fd);
        return;
    }
    std::optional<Assignment> assignment = balancer_->assign(
        {client.address(), client.port(), service_.address(), service_.port()}, monotonic_now());
    if (!assignment) {
        state_->release(client.address(), kDescriptorsPerTcpConnection);
        ++state_->refused_no_server;
        ::close(fd);
        return;
    }
    ++state_->accepted;
    relay_.relay(fd, client.address(), std::move(*assignment), state_);
}

}  // namespace routerd::ipvs::userspace
