#include "listener.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <boost/asio/ip/tcp.hpp>

#include "tcp_listener.h"
#include "udp_listener.h"

namespace routerd::ipvs::userspace {

void set_socket_option(int fd, int level, int name) {
    const int on = 1;
    if (::setsockopt(fd, level, name, &on, sizeof on) != 0) {
        throw std::system_error(errno, std::generic_category(), "setsockopt");
    }
}

int bind_service_socket(const ServiceSpec& spec, int type) {
    const boost::asio::ip::tcp::endpoint endpoint(spec.address, spec.port);  // sockaddr only
    const int fd = ::socket(endpoint.protocol().family(), type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "socket");
    try {
        if (endpoint.address().is_v6()) set_socket_option(fd, IPPROTO_IPV6, IPV6_V6ONLY);
        if (type == SOCK_STREAM) set_socket_option(fd, SOL_SOCKET, SO_REUSEADDR);
        set_socket_option(fd, SOL_SOCKET, SO_REUSEPORT);
        set_socket_option(fd, SOL_IP, IP_FREEBIND);
        if (::bind(fd, endpoint.data(), static_cast<socklen_t>(endpoint.size())) != 0) {
            throw std::system_error(errno, std::generic_category(), "bind");
        }
    } catch (...) {
        ::close(fd);
        throw;
    }
    return fd;
}

namespace {

// One socket per thread, each bound with SO_REUSEPORT.
std::vector<std::shared_ptr<Listener>> udp_listeners(
    WorkerPool& pool, const ServiceSpec& spec, const std::shared_ptr<ServiceBalancer>& balancer,
    const std::shared_ptr<ForwarderState>& state) {
    std::vector<std::shared_ptr<Listener>> listeners;
    for (std::size_t i = 0; i < pool.size(); ++i) {
        listeners.push_back(std::make_shared<UdpListener>(pool.loop(i), spec, balancer, state));
    }
    return listeners;
}

// One socket, a descriptor of it per thread (each thread closes its own).
std::vector<std::shared_ptr<Listener>> tcp_listeners(
    WorkerPool& pool, const ServiceSpec& spec, const std::shared_ptr<ServiceBalancer>& balancer,
    const std::shared_ptr<ForwarderState>& state) {
    std::vector<std::shared_ptr<Listener>> listeners;
    const int shared = listen_tcp(spec);
    for (std::size_t i = 0; i < pool.size(); ++i) {
        const int fd = i == 0 ? shared : ::fcntl(shared, F_DUPFD_CLOEXEC, 0);
        if (fd < 0) throw std::system_error(errno, std::generic_category(), "fcntl");
        listeners.push_back(
            std::make_shared<TcpListener>(pool.relay(i), fd, spec, balancer, state));
    }
    return listeners;
}

}  // namespace

std::vector<std::shared_ptr<Listener>> make_listeners(
    WorkerPool& pool, const ServiceSpec& spec, const std::shared_ptr<ServiceBalancer>& balancer,
    const std::shared_ptr<ForwarderState>& state) {
    try {
        return spec.protocol == Protocol::udp ? udp_listeners(pool, spec, balancer, state)
                                              : tcp_listeners(pool, spec, balancer, state);
    } catch (const std::system_error& e) {
        throw std::runtime_error("cannot listen on " + spec.endpoint() + ": " + e.code().message());
    }
}

}  // namespace routerd::ipvs::userspace
