// A UDP virtual service on one I/O thread. A flow is what IPVS calls a UDP connection: the
// datagrams of one client address and port. Its first datagram picks a real server; a socket
// of ours connected to that server carries the flow's datagrams there, and the replies go
// back to the client from the virtual address. A flow idle for udp_idle_timeout ends.
// Datagrams are dropped, not queued, when a socket would block: UDP's own contract.
#pragma once

#include <boost/asio/ip/udp.hpp>

#include <map>
#include <memory>
#include <vector>

#include "event_loop.h"
#include "listener.h"

namespace routerd::ipvs::userspace {

class UdpFlow;

class UdpListener final : public Listener, public EventLoop::Watcher {
  public:
    // Binds a socket of its own to the service's address (SO_REUSEPORT: the kernel spreads
    // the flows over the threads' sockets); throws std::system_error. start() and close() run
    // on the loop's thread.
    UdpListener(EventLoop& loop, const ServiceSpec& spec, std::shared_ptr<ServiceBalancer> balancer,
                std::shared_ptr<ForwarderState> state);
    ~UdpListener() override;

    void start() override;
    void close() override;

  private:
    friend UdpFlow;  // receives into buffer_ and replies through this socket

    void on_events(uint32_t events) override;
    void on_datagram(const boost::asio::ip::udp::endpoint& client, std::size_t size);
    UdpFlow* open_flow(const boost::asio::ip::udp::endpoint& client);
    // A reply from the real server (the first `size` bytes of buffer_), to the client, from
    // the virtual address.
    void reply(const boost::asio::ip::udp::endpoint& client, std::size_t size);
    void sweep();

    EventLoop& loop_;
    int fd_;
    boost::asio::ip::udp::endpoint service_;
    EventLoop::Timer sweeper_;
    std::shared_ptr<ServiceBalancer> balancer_;
    std::shared_ptr<ForwarderState> state_;
    std::vector<uint8_t> buffer_;  // one datagram at a time, either way: its flows share it
    std::map<boost::asio::ip::udp::endpoint, std::unique_ptr<UdpFlow>> flows_;
};

}  // namespace routerd::ipvs::userspace
