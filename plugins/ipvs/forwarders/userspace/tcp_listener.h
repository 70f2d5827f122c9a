// A TCP virtual service on one I/O thread: accepts, asks the balancer for a real server, and
// hands the connection to the thread's TcpRelay. Its socket sits in the relay's epoll set.
#pragma once

#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "listener.h"
#include "tcp_relay.h"

namespace routerd::ipvs::userspace {

class TcpListener final : public Listener,
                          public TcpRelay::Watcher,
                          public std::enable_shared_from_this<TcpListener> {
  public:
    // Binds (on the caller's thread); start() and close() run on the context's.
    TcpListener(boost::asio::io_context& context, const ServiceSpec& spec,
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
    boost::asio::steady_timer backoff_;
    std::shared_ptr<ServiceBalancer> balancer_;
    std::shared_ptr<ForwarderState> state_;
};

}  // namespace routerd::ipvs::userspace
