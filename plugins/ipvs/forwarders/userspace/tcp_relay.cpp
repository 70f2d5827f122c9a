#include "tcp_relay.h"

#include <unistd.h>

#include "tcp_session.h"

namespace routerd::ipvs::userspace {

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

TcpRelay::TcpRelay(EventLoop& loop) : loop_(loop), sweep_timer_(loop, [this] { sweep(); }) {}

TcpRelay::~TcpRelay() {
    close_all();
}

void TcpRelay::close_all() {
    yielded_.clear();
    connecting_.clear();
    relaying_.clear();
    closed_.clear();
    load_ = 0;
}

void TcpRelay::relay(int client_fd, Assignment assignment, std::shared_ptr<ForwarderState> state) {
    try {
        connecting_.emplace_back(*this, client_fd, std::move(assignment), std::move(state));
    } catch (...) {
        ::close(client_fd);
        unreserve();
        throw;
    }
    TcpSession& session = connecting_.back();
    session.position = std::prev(connecting_.end());
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
    if (settling_) return;
    settling_ = true;
    loop_.defer([this] { settle(); });
}

void TcpRelay::yield(TcpSession& session) {
    yielded_.push_back(&session);
    if (resuming_) return;
    resuming_ = true;
    loop_.defer([this] {
        resuming_ = false;
        std::vector<TcpSession*> resumed;
        resumed.swap(yielded_);
        for (TcpSession* session : resumed) {
            if (!session->closed()) session->resume();
        }
    });
}

// None of the connections freed may stay among the yielded ones.
void TcpRelay::settle() {
    settling_ = false;
    std::erase_if(yielded_, [](const TcpSession* session) { return session->closed(); });
    load_.fetch_sub(closed_.size(), std::memory_order_relaxed);
    closed_.clear();
}

// One timer for every connection's timeout, re-armed only when a deadline comes before the
// one it waits for: a connection that moves bytes just goes to the back of its list.
void TcpRelay::arm_sweep(Clock::time_point deadline) {
    if (sweep_timer_.armed() && deadline >= sweep_timer_.deadline()) return;
    sweep_timer_.arm(deadline);
}

// The timeouts in force now apply, also to connections opened before a reload changed them.
void TcpRelay::sweep() {
    const Clock::time_point now = Clock::now();
    for (const auto deadline :
         {expire(connecting_, &Limits::connect_timeout, &ForwarderState::connect_failures, now),
          expire(relaying_, &Limits::tcp_idle_timeout, &ForwarderState::idle_timeouts, now)}) {
        if (deadline) arm_sweep(*deadline);
    }
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
