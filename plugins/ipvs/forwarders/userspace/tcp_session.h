// One proxied TCP connection: the client's socket, ours to the real server, and the bytes
// between them moved by splice(2) in both directions. A direction that reaches end of file
// half-closes the other side (shutdown SHUT_WR), so protocols that rely on half-close work;
// the connection ends when both directions have, on an error, or after the idle timeout.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>

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
        Pipe pipe;
        std::size_t in_pipe = 0;
        bool eof = false;
        bool done = false;
    };

    void on_connected(const boost::system::error_code& error);
    void pump(Direction& d);
    void finish(Direction& d);
    void watch_idle();
    void close();

    boost::asio::ip::tcp::socket client_;
    boost::asio::ip::tcp::socket server_;
    boost::asio::steady_timer timer_;
    Direction up_{client_, server_, {}};
    Direction down_{server_, client_, {}};
    Assignment assignment_;
    std::shared_ptr<ForwarderState> state_;
    OpenSlot slot_;
    Limits limits_;
    std::chrono::steady_clock::time_point last_activity_;
    bool closed_ = false;
};

}  // namespace routerd::ipvs::userspace
