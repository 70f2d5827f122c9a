#include "tcp_relay.h"

#include <unistd.h>

#include <algorithm>
#include <system_error>

#include "tcp_session.h"

namespace routerd::ipvs::userspace {

namespace {

using Clock = std::chrono::steady_clock;

// How often a relay that holds connections compares its load with its peers'.
constexpr std::chrono::milliseconds kBalanceInterval{100};
// Only connections this old move: short ones even out as they end (a stream of them swings
// the counts per thread all the time), and moving one delays it a little.
constexpr std::chrono::milliseconds kMinimumAgeToMove{200};

// Two or more, and an eighth more: with few connections each one weighs (eight downloads
// split 6:2 leave one thread three times the work).
bool clearly_more(std::size_t load, std::size_t least) {
    return load > least + 1 + least / 8;
}

}  // namespace

TcpRelay::TcpRelay(EventLoop& loop)
    : loop_(loop), sweep_timer_(loop, [this] { sweep(); }), balance_timer_(loop, [this] {
          balance();
          keep_balancing();
      }) {}

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

void TcpRelay::relay(int client_fd, boost::asio::ip::address client, Assignment assignment,
                     std::shared_ptr<ForwarderState> state) {
    try {
        connecting_.emplace_back(*this, client_fd, std::move(client), std::move(assignment),
                                 std::move(state));
    } catch (...) {
        ::close(client_fd);
        throw;
    }
    TcpSession& session = connecting_.back();
    session.position = std::prev(connecting_.end());
    load_.fetch_add(1, std::memory_order_relaxed);
    keep_balancing();
    arm_sweep(session.since() + session.limits().connect_timeout);
    session.start();
}

void TcpRelay::connected(TcpSession& session) {
    session.set_since(session.connected_at());
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

// While it holds connections; an idle thread does not wake for it.
void TcpRelay::keep_balancing() {
    if (balance_timer_.armed() || load() == 0 || peers_.empty()) return;
    balance_timer_.arm(Clock::now() + kBalanceInterval);
}

// Half the difference moves, so that two relays do not pass connections back and forth.
void TcpRelay::balance() {
    TcpRelay* lightest = nullptr;
    for (TcpRelay* peer : peers_) {
        if (!lightest || peer->load() < lightest->load()) lightest = peer;
    }
    const std::size_t load = this->load(), least = lightest->load();
    if (clearly_more(load, least)) move(*lightest, (load - least) / 2);
}

// A connection moves when it holds no bytes of its own (in a buffer or a pipe) and has not
// yielded: all it has is in its sockets, which the peer's set reports. The idlest come
// first, which the move delays least.
void TcpRelay::move(TcpRelay& peer, std::size_t count) {
    const Clock::time_point old = Clock::now() - kMinimumAgeToMove;
    auto moving = std::make_shared<Sessions>();
    for (auto it = relaying_.begin(); it != relaying_.end() && moving->size() < count;) {
        TcpSession& session = *it++;
        if (!session.movable(old) || std::ranges::find(yielded_, &session) != yielded_.end()) {
            continue;
        }
        session.detach();
        moving->splice(moving->end(), relaying_, session.position);
    }
    if (moving->empty()) return;
    load_.fetch_sub(moving->size(), std::memory_order_relaxed);
    peer.load_.fetch_add(moving->size(), std::memory_order_relaxed);
    peer.loop_.post([&peer, moving] { peer.adopt(*moving); });
}

void TcpRelay::adopt(Sessions& sessions) {
    std::vector<TcpSession*> adopted;
    for (TcpSession& session : sessions) {
        adopted.push_back(&session);
    }
    // Both lists are ordered by when bytes last moved; merging keeps that, and `position`.
    relaying_.merge(sessions,
                    [](const TcpSession& a, const TcpSession& b) { return a.since() < b.since(); });
    for (TcpSession* session : adopted) {
        try {
            session->attach(*this);
        } catch (const std::system_error&) {
            session->close();  // out of memory for the set: as if the connection broke
        }
    }
    if (!relaying_.empty()) {
        arm_sweep(relaying_.front().since() + relaying_.front().limits().tcp_idle_timeout);
    }
    keep_balancing();
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
