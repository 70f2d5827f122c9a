// One proxied TCP connection: the client's socket, ours to the real server, and the bytes
// between them in both directions. Small messages are copied through a 4 KiB buffer per
// direction (Asio's speculative receive: one recv per message, no epoll_ctl); a direction
// whose read fills that buffer is moving bulk data and switches to splice(2) through a pipe,
// so its bytes never enter user space. HAProxy's splice-auto makes the same trade: splicing a
// few hundred bytes costs more than copying them. A direction that
// reaches end of file
// half-closes the other side (shutdown SHUT_WR), so protocols that rely on half-close work;
// the connection ends when both directions have, on an error, or after the idle timeout.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <string>

#include "forwarder_state.h"
#include "pipe_pool.h"
#include "routerd/ipvs/userspace/service_balancer.h"

namespace routerd::ipvs::userspace {

class TcpSession : public std::enable_shared_from_this<TcpSession> {
  public:
    TcpSession(boost::asio::ip::tcp::socket client, Assignment assignment,
               std::shared_ptr<ForwarderState> state);
    ~TcpSession();

    void start();  // connects to the real server, then relays

  private:
    struct Direction {
        boost::asio::ip::tcp::socket& from;
        boost::asio::ip::tcp::socket& to;
        Pipe pipe;  // taken when the direction turns to bulk
        std::size_t in_pipe = 0;
        std::array<char, 4096> buffer;  // for copying
        std::string unsent;             // copied bytes the sink could not take at once
        // The last splice was short, so the source was empty: wait for its next readiness
        // edge rather than read again only to hear EAGAIN (safe: the reactor is edge-triggered
        // and the next edge is fetched only after this handler returns).
        bool drained = false;
        bool eof = false;
        bool done = false;
    };

    void on_connected(const boost::system::error_code& error);
    void pump(Direction& d);
    // One step of each kind; true: go on, false: waiting for the socket or closed.
    bool flush_unsent(Direction& d);
    bool flush_pipe(Direction& d, std::size_t& moved);
    void receive(Direction& d);
    void on_received(Direction& d, const boost::system::error_code& error, std::size_t n);
    bool splice_some(Direction& d);
    void wait(Direction& d, boost::asio::ip::tcp::socket& socket,
              boost::asio::socket_base::wait_type what);
    void finish(Direction& d);
    void watch();
    void close();

    boost::asio::ip::tcp::socket client_;
    boost::asio::ip::tcp::socket server_;
    boost::asio::steady_timer timer_;
    Direction up_{client_, server_, {}, 0, {}, {}, false, false, false};
    Direction down_{server_, client_, {}, 0, {}, {}, false, false, false};
    Assignment assignment_;
    std::shared_ptr<ForwarderState> state_;
    OpenSlot slot_;
    Limits limits_;
    std::chrono::steady_clock::time_point last_activity_;
    bool connected_ = false;
    bool closed_ = false;
};

}  // namespace routerd::ipvs::userspace
