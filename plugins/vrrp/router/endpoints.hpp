// The VRRP sockets, one per interface, family and protocol, shared by the instances on it;
// each datagram received goes to the instance its VRID names (core/vrid_demux.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "vrid_demux.hpp"
#include "vrrp_socket.hpp"

namespace routerd::vrrp {

class Instance;

class Endpoints {
  public:
    explicit Endpoints(boost::asio::io_context& io) : io_(io) {}
    Endpoints(const Endpoints&) = delete;
    Endpoints& operator=(const Endpoints&) = delete;

    // The socket `config` sends on, opened on the interface with index `ifindex` unless it is
    // open already; from now on the adverts for its VRID go to `instance`. Throws
    // std::runtime_error when the socket cannot be opened.
    VrrpSocket& join(const InstanceConfig& config, int ifindex, Instance& instance);
    void leave(const InstanceConfig& config);
    // Datagrams no instance was waiting for (another router's VRID, or not VRRP at all).
    std::uint64_t unknown_vrid() const { return demux_.unknown(); }

  private:
    struct Endpoint {
        EndpointKey key;
        std::unique_ptr<VrrpSocket> socket;
        std::unique_ptr<boost::asio::posix::stream_descriptor> readable;
        ~Endpoint();
    };
    void listen(Endpoint& endpoint);
    void on_readable(Endpoint& endpoint);

    boost::asio::io_context& io_;
    std::map<EndpointKey, std::unique_ptr<Endpoint>> endpoints_;
    VridDemux<Instance*> demux_;
};

}  // namespace routerd::vrrp
