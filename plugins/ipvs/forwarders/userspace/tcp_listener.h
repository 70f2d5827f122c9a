// A TCP virtual service on one I/O thread: accepts, asks the balancer for a real server, and
// hands the connection to the thread's TcpRelay. The service's socket sits in every thread's
// event loop (listener.h says why), each thread with a descriptor of its own.
#pragma once

#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>

#include <memory>
#include <vector>

#include "listener.h"
#include "tcp_relay.h"

namespace routerd::ipvs::userspace {

// The service's listening socket, non-blocking and bound; throws std::system_error.
int listen_tcp(const ServiceSpec& spec);

class TcpListener final : public Listener, public EventLoop::Watcher {
  public:
    // Takes `fd`, a descriptor of the socket listen_tcp() bound; start() and close() run on
    // the relay's thread.
    TcpListener(TcpRelay& relay, int fd, const ServiceSpec& spec,
                std::shared_ptr<ServiceBalancer> balancer, std::shared_ptr<ForwarderState> state);
    ~TcpListener() override;

    void start() override;
    void close() override;

  private:
    void on_events(uint32_t events) override;
    void accept_all();
    void take(int fd, const sockaddr_storage& peer, socklen_t length);

    TcpRelay& relay_;
    int fd_;
    boost::asio::ip::tcp::endpoint service_;
    EventLoop::Timer backoff_;
    std::shared_ptr<ServiceBalancer> balancer_;
    std::shared_ptr<ForwarderState> state_;
};

}  // namespace routerd::ipvs::userspace
