// A virtual service's socket on one I/O thread. Every thread binds its own socket to the
// service's address with SO_REUSEPORT, so the kernel spreads new connections and flows over
// the threads and each connection stays on the thread that accepted it (no locks on the data
// path). IP_FREEBIND lets a backup bind a virtual address it does not hold yet, so that it
// serves the moment VRRP moves the address to it.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "forwarder_state.h"
#include "routerd/ipvs/userspace/service_balancer.h"

namespace routerd::ipvs::userspace {

class Listener {
  public:
    virtual ~Listener() = default;
    // Both run on the listener's I/O thread.
    virtual void start() = 0;
    virtual void close() = 0;
};

// Binds (on the caller's thread, before any asynchronous operation); throws
// std::runtime_error naming the endpoint when the address cannot be bound.
std::shared_ptr<Listener> make_listener(boost::asio::io_context& context, const ServiceSpec& spec,
                                        std::shared_ptr<ServiceBalancer> balancer,
                                        std::shared_ptr<ForwarderState> state);

// Sets SO_REUSEPORT and IP_FREEBIND on a socket before it binds.
void set_listener_options(int fd);

}  // namespace routerd::ipvs::userspace
