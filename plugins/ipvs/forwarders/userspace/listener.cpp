#include "listener.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <system_error>

#include "tcp_listener.h"
#include "udp_listener.h"

namespace routerd::ipvs::userspace {

void set_listener_options(int fd) {
    const int on = 1;
    if (::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0 ||
        ::setsockopt(fd, SOL_IP, IP_FREEBIND, &on, sizeof on) != 0) {
        throw std::system_error(errno, std::generic_category(), "setsockopt");
    }
}

std::shared_ptr<Listener> make_listener(boost::asio::io_context& context, const ServiceSpec& spec,
                                        std::shared_ptr<ServiceBalancer> balancer,
                                        std::shared_ptr<ForwarderState> state) {
    try {
        if (spec.protocol == Protocol::udp) {
            return std::make_shared<UdpListener>(context, spec, std::move(balancer),
                                                 std::move(state));
        }
        return std::make_shared<TcpListener>(context, spec, std::move(balancer), std::move(state));
    } catch (const std::system_error& e) {
        throw std::runtime_error("cannot listen on " + spec.endpoint() + ": " + e.code().message());
    }
}

}  // namespace routerd::ipvs::userspace
