#pragma once

#include <routerd/plugin.hpp>

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
// from SO_ERROR), which is how HAProxy reads its checks' connects. A check thus costs socket,
// one setsockopt, connect, one epoll_ctl and a close: no registration with the loop's reactor
// and, while the server is up, no poll() and no getsockopt(). Asio's own connect spends five
// more calls on each.
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
    void wait_for_handshakes();
    void on_handshakes();
    void timed_out(uint64_t key);
    void finish(uint64_t key, bool up, std::string reason);

    boost::asio::io_context& io_;
    std::mutex queue_mutex_;
    std::vector<Queued> queued_;   // guarded by queue_mutex_
    std::vector<Queued> running_;  // on the loop; keeps its capacity between batches
    int epoll_fd_;
    boost::asio::posix::stream_descriptor handshakes_;  // owns epoll_fd_
    bool waiting_ = false;                              // for handshakes_
    DeadlineQueue deadlines_;
    std::unordered_map<uint64_t, Attempt> in_flight_;  // by their deadline's key
};

}  // namespace routerd::checks
