#include "tcp_relay.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <exception>
#include <system_error>

#include <boost/asio/post.hpp>

#include "tcp_session.h"

namespace routerd::ipvs::userspace {

namespace {

using Clock = std::chrono::steady_clock;

int make_epoll() {
    const int fd = ::epoll_create1(EPOLL_CLOEXEC);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
    return fd;
}

}  // namespace

TcpRelay::TcpRelay(boost::asio::io_context& io)
    : service(io), io_(io), epoll_fd_(make_epoll()), events_(io, epoll_fd_), sweep_timer_(io) {}

TcpRelay::~TcpRelay() = default;

void TcpRelay::shutdown() {
    yielded_.clear();
    connecting_.clear();
    relaying_.clear();
    closed_.clear();
}

void TcpRelay::watch(int fd, uint32_t events, Watcher& watcher) {
    epoll_event interest{};
    interest.events = events;
    interest.data.ptr = &watcher;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &interest) != 0) {
        throw std::system_error(errno, std::generic_category(), "epoll_ctl");
    }
    wait_for_events();
}

void TcpRelay::unwatch(int fd) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);  // ENOENT: it never started
}

void TcpRelay::relay(int client_fd, Assignment assignment, std::shared_ptr<ForwarderState> state) {
    try {
        connecting_.emplace_back(*this, client_fd, std::move(assignment), std::move(state));
    } catch (...) {
        ::close(client_fd);
        throw;
    }
    TcpSession& session = connecting_.back();
    session.position = std::prev(connecting_.end());
    load_.fetch_add(1, std::memory_order_relaxed);
    arm_sweep(session.since() + session.limits().connect_timeout);
    session.start();
}

void TcpRelay::connected(TcpSession& session) {
    session.set_since(Clock::now());
    relaying_.splice(relaying_.end(), connecting_, session.position);
    arm_sweep(session.since() + session.limits().tcp_idle_timeout);
}

void TcpRelay::touched(TcpSession& session) {
    session.set_since(Clock::now());
    relaying_.splice(relaying_.end(), relaying_, session.position);
}

void TcpRelay::closed(TcpSession& session) {
    closed_.splice(closed_.end(), session.connected() ? relaying_ : connecting_, session.position);
}

void TcpRelay::yield(TcpSession& session) {
    yielded_.push_back(&session);
    if (resuming_) return;
    resuming_ = true;
    boost::asio::post(io_, [this] {
        resuming_ = false;
        std::vector<TcpSession*> resumed;
        resumed.swap(yielded_);
        for (TcpSession* session : resumed) {
            if (!session->closed()) session->resume();
        }
        settle();
    });
}

// Connections closed in the handler that ends now are freed; none may stay among the
// yielded ones.
void TcpRelay::settle() {
    if (closed_.empty()) return;
    std::erase_if(yielded_, [](const TcpSession* session) { return session->closed(); });
    load_.fetch_sub(closed_.size(), std::memory_order_relaxed);
    closed_.clear();
}

void TcpRelay::wait_for_events() {
    if (waiting_) return;
    waiting_ = true;
    events_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                       [this](const boost::system::error_code& error) {
                           waiting_ = false;
                           if (!error) on_ready();
                       });
}

// One batch of events. A full batch may have left more: the next comes after the loop's
// other handlers have had a turn. Otherwise the set is empty, and since every socket in it
// is edge-triggered, it turns readable again only with new events.
void TcpRelay::on_ready() {
    std::array<epoll_event, 256> events;
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), 0);
    for (int i = 0; i < n; ++i) {
        // Out of memory for one connection must not stop the thread's others: they go on,
        // and that one ends by its timeout at the latest.
        try {
            static_cast<Watcher*>(events[i].data.ptr)->on_events(events[i].events);
        } catch (const std::exception&) {
        }
    }
    settle();
    if (n == static_cast<int>(events.size())) {
        boost::asio::post(io_, [this] { on_ready(); });
    } else {
        wait_for_events();
    }
}

// One timer for every connection's timeout, re-armed only when a deadline comes before the
// one it waits for: a connection that moves bytes just goes to the back of its list.
void TcpRelay::arm_sweep(Clock::time_point deadline) {
    if (deadline >= sweep_at_) return;
    sweep_at_ = deadline;
    sweep_timer_.expires_at(deadline);
    sweep_timer_.async_wait([this](const boost::system::error_code& error) {
        if (!error) sweep();
    });
}

// The timeouts in force now apply, also to connections opened before a reload changed them.
void TcpRelay::sweep() {
    sweep_at_ = Clock::time_point::max();
    const Clock::time_point now = Clock::now();
    for (const auto deadline :
         {expire(connecting_, &Limits::connect_timeout, &ForwarderState::connect_failures, now),
          expire(relaying_, &Limits::tcp_idle_timeout, &ForwarderState::idle_timeouts, now)}) {
        if (deadline) arm_sweep(*deadline);
    }
    settle();
}

std::optional<Clock::time_point> TcpRelay::expire(Sessions& sessions,
                                                  std::chrono::nanoseconds Limits::*timeout,
                                                  std::atomic<uint64_t> ForwarderState::*counter,
                                                  Clock::time_point now) {
    if (sessions.empty()) return std::nullopt;
    ForwarderState& state = sessions.front().state();  // the forwarder's: one for all
    const std::chrono::nanoseconds limit = state.limits().*timeout;
    while (!sessions.empty() && sessions.front().since() + limit <= now) {
        ++(state.*counter);
        sessions.front().close();  // to closed_
    }
    if (sessions.empty()) return std::nullopt;
    return sessions.front().since() + limit;
}

}  // namespace routerd::ipvs::userspace
