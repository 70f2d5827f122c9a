// A virtual service's socket on one I/O thread; each connection or flow is served by one
// thread at a time (no locks on the data path): a UDP flow by the thread that took it, a TCP
// connection by that thread until its relay moves it to a lighter one (tcp_relay.h).
// - UDP: every thread binds its own socket to the service's address with SO_REUSEPORT, so the
//   kernel spreads the flows over the threads by their addresses.
// - TCP: one socket, in every thread's epoll set with EPOLLEXCLUSIVE, so the kernel hands a
//   new connection to a thread that is waiting for work, not to one that is busy. HAProxy's
//   threads share their listener for the same reason: with a socket per thread, the kernel
//   hashes connections to threads blindly, and those hashed to a busy thread wait while the
//   other idles (it made the 99th percentile of new connections about 20 % slower).
// IP_FREEBIND lets a backup bind a virtual address it does not hold yet, so that it serves
// the moment VRRP moves the address to it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "forwarder_state.h"
#include "routerd/ipvs/userspace/service_balancer.h"
#include "worker_pool.h"

namespace routerd::ipvs::userspace {

class Listener {
  public:
    virtual ~Listener() = default;
    // Both run on the listener's I/O thread.
    virtual void start() = 0;
    virtual void close() = 0;
};

// One listener per I/O thread of the pool, bound on the caller's thread (before any
// asynchronous operation); throws std::runtime_error naming the endpoint when the address
// cannot be bound.
std::vector<std::shared_ptr<Listener>> make_listeners(
    WorkerPool& pool, const ServiceSpec& spec, const std::shared_ptr<ServiceBalancer>& balancer,
    const std::shared_ptr<ForwarderState>& state);

// A non-blocking socket of `type` (SOCK_STREAM or SOCK_DGRAM) bound to the service's address,
// with SO_REUSEPORT and IP_FREEBIND (and SO_REUSEADDR for TCP); throws std::system_error.
int bind_service_socket(const ServiceSpec& spec, int type);
void set_socket_option(int fd, int level, int name);  // to 1; throws std::system_error

}  // namespace routerd::ipvs::userspace
