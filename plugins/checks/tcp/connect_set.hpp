#pragma once

#include <routerd/plugin.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "deadline_queue.hpp"
#include "source_binding.hpp"

namespace routerd::checks {

// The tcp checks in flight on one of the checker's loops: an Asio service of that loop's
// io_context, so it lives and dies with the loop.
//
// The connecting sockets sit in an epoll set of their own, and the loop waits for that set's
// descriptor to turn readable: one wake-up reports many handshakes, each with its own event
// flags (EPOLLOUT alone: connected; EPOLLERR or EPOLLHUP: refused or unreachable, the reason
// from SO_ERROR), which is how HAProxy reads its checks' connects.
//
// A finished check's socket is not closed but disconnected (connect with AF_UNSPEC, which
// resets an established connection, tcp(7)) and kept for the next check of its family: the
// socket stays in the set, and the kernel neither builds nor tears down a socket, a file and
// a descriptor per check. A socket joins the set once, edge-triggered, and stays armed while it
// is kept, and its final ACK is held back by an option set once (see take_socket), so a check
// on a kept socket costs its connect and the disconnect: 2 calls against HAProxy's 8, and
// about 30 % less system time than a fresh socket closed with a reset. Sockets with a source
// binding or a mark are not kept.
// Where a tcp check connects to, and from.
struct ConnectTarget {
    boost::asio::ip::tcp::endpoint endpoint;
    SourceBinding binding;
};

class ConnectSet : public boost::asio::io_context::service {
  public:
    static inline boost::asio::io_context::id id;

    explicit ConnectSet(boost::asio::io_context& io);

    // Any thread. Queues an attempt for the loop, which answers `done` exactly once:
    // connected, refused, "timed out after N ms connecting", or "the checker stopped" when
    // the loop ends first. The host starts its attempts in batches; the first of a batch
    // posts to the loop and the others join it, so a check costs the loop no handler of its
    // own.
    void submit(std::shared_ptr<const ConnectTarget> target, std::chrono::nanoseconds timeout,
                sdk::ProbeDone done);

  private:
    struct Attempt {
        int fd;
        int family;  // AF_INET, AF_INET6; 0: not kept after the check
        std::chrono::nanoseconds timeout;
        sdk::ProbeDone done;
    };
    struct Queued {
        std::shared_ptr<const ConnectTarget> target;
        std::chrono::nanoseconds timeout;
        sdk::ProbeDone done;
    };

    void shutdown() override;  // the loop ends: every attempt queued or in flight answers
    void run_queued();
    void connect(const ConnectTarget& target, std::chrono::nanoseconds timeout,
                 sdk::ProbeDone done);
    // A kept socket of the family, or a new one, in the set. -1 with errno set and the call
    // that failed.
    int take_socket(int family, bool keepable, const char*& failed_call);
    // Resets the socket's connection; keeps it for the next check of `family` (0: closes).
    void release(int fd, int family);
    void wait_for_handshakes();
    void on_handshakes();
    void timed_out(uint64_t key);
    void finish(uint64_t key, bool up, std::string reason);
    // The deadline key of the attempt on `fd`, or kIdle.
    uint64_t attempt_on(int fd) const;

    static constexpr uint64_t kIdle = UINT64_MAX;

    boost::asio::io_context& io_;
    std::mutex queue_mutex_;
    std::vector<Queued> queued_;   // guarded by queue_mutex_
    std::vector<Queued> running_;  // on the loop; keeps its capacity between batches
    int epoll_fd_;
    boost::asio::posix::stream_descriptor handshakes_;  // owns epoll_fd_
    bool waiting_ = false;                              // for handshakes_
    DeadlineQueue deadlines_;
    std::unordered_map<uint64_t, Attempt> in_flight_;  // by their deadline's key
    std::vector<uint64_t> attempt_by_fd_;              // deadline keys by descriptor, or kIdle
    std::array<std::vector<int>, 2> idle_;             // kept sockets: IPv4, IPv6
};

}  // namespace routerd::checks
