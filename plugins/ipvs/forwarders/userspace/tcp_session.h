// One proxied TCP connection: the client's socket, ours to the real server, and the bytes
// between them in both directions. Small messages are copied through a 4 KiB buffer per
// direction (one recv per message, which says with TCP_INQ whether to read again); a
// direction whose read fills that buffer is moving bulk data and switches to splice(2)
// through a pipe, so its bytes never enter user space. HAProxy's splice-auto makes the same
// trade: splicing a few hundred bytes costs more than copying them. A direction that reaches
// end of file half-closes the other side (shutdown SHUT_WR), so protocols that rely on
// half-close work; the connection ends when both directions have, on an error, or after the
// idle timeout.
#pragma once

#include <netinet/tcp.h>

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

// TCP_INQ (tcp(7)): each read reports, in a control message, how much is still queued.
using AnnounceQueued = boost::asio::detail::socket_option::boolean<SOL_TCP, TCP_INQ>;

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
        // The source is (likely) empty: the last read left nothing queued (TCP_INQ said 0)
        // or the last splice was short. Wait for it to turn readable rather than read again
        // only to hear EAGAIN. Safe even if the guess is wrong: Asio re-arms a descriptor for
        // each wait (EPOLL_CTL_MOD), and epoll reports it at once if it is readable still.
        bool drained = false;
        bool eof = false;
        bool done = false;
    };

    void on_connected(const boost::system::error_code& error);
    void pump(Direction& d);
    // One step of each kind; true: go on, false: waiting for the socket or closed.
    bool flush_unsent(Direction& d);
    bool flush_pipe(Direction& d, std::size_t& moved);
    bool copy_some(Direction& d, std::size_t& moved);
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
