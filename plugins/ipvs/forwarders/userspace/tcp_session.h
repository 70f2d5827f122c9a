// One proxied TCP connection: the client's socket, ours to the real server, and the bytes
// between them in both directions. Small messages are copied through a 4 KiB buffer per
// direction (one recv per message, which says with TCP_INQ whether to read again); a
// direction whose read fills that buffer is moving bulk data and switches to splice(2)
// through a pipe, so its bytes never enter user space. HAProxy's splice-auto makes the same
// trade: splicing a few hundred bytes costs more than copying them. A direction that reaches
// end of file half-closes the other side (shutdown SHUT_WR), so protocols that rely on
// half-close work; the connection ends when both directions have, or on an error. Its
// TcpRelay owns it, delivers its sockets' events and enforces its timeouts; it may move to
// another thread's relay while it holds no bytes.
#pragma once

#include <array>
#include <chrono>
#include <list>
#include <string>

#include "forwarder_state.h"
#include "pipe_pool.h"
#include "routerd/ipvs/userspace/service_balancer.h"
#include "tcp_relay.h"

namespace routerd::ipvs::userspace {

class TcpSession {
  public:
    // Takes the accepted client socket (non-blocking, with TCP_NODELAY and TCP_INQ from the
    // listener); closes it when destroyed.
    // `state` admitted it (ForwarderState::admit, from `client`, kDescriptorsPerTcpConnection).
    TcpSession(TcpRelay& relay, int client_fd, boost::asio::ip::address client,
               Assignment assignment, std::shared_ptr<ForwarderState> state);
    ~TcpSession();
    TcpSession(const TcpSession&) = delete;
    TcpSession& operator=(const TcpSession&) = delete;

    // Starts connecting to the real server; closes the connection when that cannot start.
    void start();
    void resume();  // pumps again after yielding
    void close();   // at once, both sockets; idempotent

    bool connected() const { return connected_; }
    bool closed() const { return closed_; }
    // Connected before `before`, open, and no bytes in its buffers or pipes: what it has is
    // in its sockets.
    bool movable(std::chrono::steady_clock::time_point before) const;
    std::chrono::steady_clock::time_point connected_at() const { return connected_at_; }
    // Moving to another thread's relay: the sockets leave this relay's loop, and join the
    // other's (on its thread; throws std::system_error).
    void detach();
    void attach(TcpRelay& relay);
    const Limits& limits() const { return limits_; }
    ForwarderState& state() const { return *state_; }  // as they were when it was accepted
    // When the connect started, then when bytes last moved (what the timeouts count from).
    std::chrono::steady_clock::time_point since() const { return since_; }
    void set_since(std::chrono::steady_clock::time_point t) { since_ = t; }

    std::list<TcpSession>::iterator position;  // in its relay's lists

  private:
    struct Socket final : EventLoop::Watcher {
        Socket(TcpSession& s, int descriptor) : session(s), fd(descriptor) {}
        void on_events(uint32_t events) override { session.on_events(*this, events); }

        TcpSession& session;
        int fd;
        // What the last events said and no call since contradicted (edge-triggered: the
        // next event comes only after a call found the socket empty or full).
        bool readable = false;
        bool writable = false;
    };
    struct Direction {
        Socket& from;
        Socket& to;
        Pipe pipe;  // taken when the direction turns to bulk
        std::size_t in_pipe = 0;
        std::array<char, 4096> buffer;  // for copying
        std::string unsent;             // copied bytes the sink could not take at once
        bool eof = false;
        bool done = false;
    };

    void watch_sockets();  // in the relay's loop; throws std::system_error
    void on_events(Socket& socket, uint32_t events);
    void on_connect_result(uint32_t events);
    void pump(Direction& d);
    // One step each: it moves bytes, or records that a socket is empty or full, or closes.
    void flush_unsent(Direction& d);
    void flush_pipe(Direction& d, std::size_t& moved);
    void copy_some(Direction& d, std::size_t& moved);
    void splice_some(Direction& d);
    void finish(Direction& d);
    void fail_connect();
    void close_sockets();

    TcpRelay* relay_;
    Socket client_;
    Socket server_;
    Direction up_{client_, server_, {}, 0, {}, {}, false, false};
    Direction down_{server_, client_, {}, 0, {}, {}, false, false};
    Assignment assignment_;
    std::shared_ptr<ForwarderState> state_;
    OpenSlot slot_;
    Limits limits_;
    std::chrono::steady_clock::time_point since_;
    std::chrono::steady_clock::time_point connected_at_;
    bool connected_ = false;
    bool closed_ = false;
};

}  // namespace routerd::ipvs::userspace
