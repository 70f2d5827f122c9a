// The VRRP sockets, one per interface, family and protocol, shared by the instances on it;
// each datagram received goes to the instance its VRID names (core/vrid_demux.hpp).
//
// Receiving is bounded, since a flood must not starve the timers on the same thread: the
// kernel drops what cannot be for an instance on the socket (core/socket_filter.hpp, attached
// again whenever the socket's VRIDs change), datagrams come in batches (recvmmsg) into
// buffers reused from one to the next, and after kDatagramsPerWakeup the handler yields to
// the event loop (core/wakeup_budget.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "socket_filter.hpp"
#include "vrid_demux.hpp"
#include "vrrp_socket.hpp"

namespace routerd::vrrp {

class Instance;

// What the receive path counts, for the status.
struct ReceiveCounters {
    std::uint64_t unknown_vrid = 0;      // passed the filter, but no instance has the VRID
    std::uint64_t truncated = 0;         // longer than any advert
    std::uint64_t queue_full_drops = 0;  // the kernel's, the socket's queue being full
    std::uint64_t yields = 0;            // turns that ended with datagrams still waiting
    std::uint64_t filter_errors = 0;     // a socket filter the kernel refused
};

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
    ReceiveCounters counters() const;
    // keepalived.conf(5) log_unknown_vrids: set, every advert for a VRID that no instance on
    // its socket has passes the kernel filter and goes to `log` (interface, VRID, source);
    // empty, such adverts are dropped in the kernel, unseen.
    using UnknownVridLog =
        std::function<void(const std::string& interface, int vrid, const IpAddress& source)>;
    void log_unknown_vrids(UnknownVridLog log);

  private:
    // What the filter of a socket needs to know of an instance on it.
    struct Member {
        Version version;
        bool multicast;
    };
    struct Endpoint {
        EndpointKey key;
        std::unique_ptr<VrrpSocket> socket;
        std::unique_ptr<boost::asio::posix::stream_descriptor> readable;
        std::map<std::uint8_t, Member> members;  // by VRID
        std::optional<SocketFilterSpec> filter;  // the one attached
        ~Endpoint();
    };
    void listen(Endpoint& endpoint);
    void on_readable(Endpoint& endpoint);
    void update_filter(Endpoint& endpoint);
    void log_unknown(const EndpointKey& key, const Received& datagram);

    boost::asio::io_context& io_;
    std::map<EndpointKey, std::unique_ptr<Endpoint>> endpoints_;
    VridDemux<Instance*> demux_;
    std::uint64_t yields_ = 0;
    std::uint64_t filter_errors_ = 0;
    UnknownVridLog unknown_vrid_log_;
    // A turn posted to the loop holds a weak reference: it does nothing once we are gone.
    std::shared_ptr<Endpoints*> alive_ = std::make_shared<Endpoints*>(this);
};

}  // namespace routerd::vrrp
