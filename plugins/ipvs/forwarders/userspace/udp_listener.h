// A UDP virtual service on one I/O thread. A flow is what IPVS calls a UDP connection: the
// datagrams of one client address and port. Its first datagram picks a real server; a socket
// of ours connected to that server carries the flow's datagrams there, and the replies go
// back to the client from the virtual address. A flow idle for udp_idle_timeout ends.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <map>
#include <vector>

#include "listener.h"

namespace routerd::ipvs::userspace {

class UdpFlow;

class UdpListener final : public Listener, public std::enable_shared_from_this<UdpListener> {
  public:
    UdpListener(boost::asio::io_context& context, const ServiceSpec& spec,
                std::shared_ptr<ServiceBalancer> balancer, std::shared_ptr<ForwarderState> state);

    void start() override;
    void close() override;

    // A reply from the real server, to the client, from the virtual address.
    void reply(const boost::asio::ip::udp::endpoint& client, const uint8_t* data, std::size_t size);

  private:
    void receive_next();
    void on_datagram(std::size_t size);
    std::shared_ptr<UdpFlow> open_flow(const boost::asio::ip::udp::endpoint& client);
    void sweep();

    boost::asio::io_context& context_;
    boost::asio::ip::udp::socket socket_;
    boost::asio::steady_timer sweeper_;
    std::shared_ptr<ServiceBalancer> balancer_;
    std::shared_ptr<ForwarderState> state_;
    std::vector<uint8_t> buffer_;
    boost::asio::ip::udp::endpoint sender_;
    std::map<boost::asio::ip::udp::endpoint, std::shared_ptr<UdpFlow>> flows_;
};

}  // namespace routerd::ipvs::userspace
