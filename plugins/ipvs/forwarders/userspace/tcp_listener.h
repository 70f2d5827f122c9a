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

class TcpListener;

// The threads' listeners of one TCP service. EPOLLEXCLUSIVE wakes one thread per new
// connection, and that thread takes every connection pending: a burst of long-lived ones (a
// client's connection pool opening, wrk's 50 keep-alive connections) would stay on it, 2:1
// and worse, while the other thread idles. So a thread that holds clearly more connections
// than another leaves new ones to it, as HAProxy hands each new connection to its least
// loaded thread.
class TcpListenerGroup {
  public:
    void add(const std::shared_ptr<TcpListener>& member);  // all before any starts
    // The member on the relay with the fewest connections, when `relay` holds clearly more
    // (4 and an eighth more); else none.
    std::shared_ptr<TcpListener> lighter_than(const TcpRelay& relay) const;

  private:
    struct Member {
        const TcpRelay* relay;  // lives as long as the worker pool, which outlives listening
        std::weak_ptr<TcpListener> listener;
    };
    std::vector<Member> members_;
};

class TcpListener final : public Listener, public EventLoop::Watcher {
  public:
    // Takes `fd`, a descriptor of the socket listen_tcp() bound; start() and close() run on
    // the relay's thread.
    TcpListener(TcpRelay& relay, int fd, const ServiceSpec& spec,
                std::shared_ptr<ServiceBalancer> balancer, std::shared_ptr<ForwarderState> state,
                std::shared_ptr<const TcpListenerGroup> group);
    ~TcpListener() override;

    void start() override;
    void close() override;

    const TcpRelay& relay() const { return relay_; }

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
    std::shared_ptr<const TcpListenerGroup> group_;
};

}  // namespace routerd::ipvs::userspace
