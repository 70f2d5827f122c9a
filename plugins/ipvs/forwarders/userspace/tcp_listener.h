// A TCP virtual service on one I/O thread: accepts, asks the balancer for a real server, and
// hands the connection to a TcpSession.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "listener.h"

namespace routerd::ipvs::userspace {

class TcpListener final : public Listener, public std::enable_shared_from_this<TcpListener> {
  public:
    TcpListener(boost::asio::io_context& context, const ServiceSpec& spec,
                std::shared_ptr<ServiceBalancer> balancer, std::shared_ptr<ForwarderState> state);

    void start() override { accept_next(); }
    void close() override;

  private:
    void accept_next();
    void on_accept(const boost::system::error_code& error, boost::asio::ip::tcp::socket client);

    boost::asio::ip::tcp::endpoint service_;
    boost::asio::ip::tcp::endpoint peer_;  // of the connection being accepted
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer backoff_;
    std::shared_ptr<ServiceBalancer> balancer_;
    std::shared_ptr<ForwarderState> state_;
};

}  // namespace routerd::ipvs::userspace
