// Adverts of a MASTER that go out even while the VRRP thread cannot run.
//
// A virtual CPU can stop for ~100 ms while the host runs something else (measured here: no
// timer interrupt on that CPU for 100 ms, the real-time VRRP thread queued behind it; the guest
// kernel does not move a woken real-time thread to the other CPU while the stopped one seems
// busy). With 10 ms adverts the backup's Master_Down_Interval is ~30 ms (RFC 5798 §6.1), so one
// such stop of the master's CPU is a spurious takeover. The relay keeps one real-time thread on
// each CPU the process may use; each MASTER instance hands it the advert it sends (a RelaySlot)
// and, after every send, the time the next one is due. When an advert is half an interval
// overdue, the relay thread of a CPU that runs sends it instead (and then once an interval until
// the VRRP thread sends again), so the wire never goes silent for longer than 1.5 intervals
// because of one CPU. A VRRP thread that has not sent for max(1 s, 3 intervals) is stuck rather
// than late: the relay stops, and the backups take over as they would without it.
//
// The VRRP thread never waits for a relay thread in its per-advert work (keep() is one atomic
// store); arm() and disarm() are lock-free too, and disarm() waits only for a send in flight,
// so that no relayed advert follows a resignation or a state change.
#pragma once

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "relay_schedule.hpp"
#include "types.hpp"
#include "vrrp_socket.hpp"

namespace routerd::vrrp {

// One datagram as VrrpSocket::send takes it.
struct RelayedAdvert {
    std::vector<std::uint8_t> bytes;
    IpAddress destination;
    IpAddress source;
};

// What one instance lends the relay. Owned by the instance and by the relay's list (shared):
// a relay thread may hold it for a moment after the instance dropped it.
class AdvertRelay;

class RelaySlot {
  public:
    // (Made by AdvertRelay::slot().)
    // From now on the relay sends `adverts` on `socket` whenever the next advert is overdue
    // (`due` the first time, then what keep() says) as relay_schedule.hpp says.
    // `socket` must outlive the next disarm(). Only while disarmed; the VRRP thread only.
    void arm(VrrpSocket& socket, std::vector<RelayedAdvert> adverts, TimePoint due);
    // The VRRP thread sent the advert itself: the next one is due at `due`.
    void keep(TimePoint due) {
        owner_due_.store(due.time_since_epoch().count(), std::memory_order_release);
        due_.store(due.time_since_epoch().count(), std::memory_order_release);
    }
    // Nothing is relayed once it returns (it waits for a send in flight).
    void disarm();
    bool armed() const { return state_.load(std::memory_order_acquire) != kOff; }

  private:
    friend class AdvertRelay;
    enum : int { kOff, kArmed, kSending };
    RelaySlot(AdvertRelay& relay, Clock::duration interval)
        : relay_(relay), timing_(RelayTiming::for_interval(interval)) {}
    // The relay's side: sends if the advert is overdue at `now`; the next time to look.
    std::optional<TimePoint> relay(TimePoint now);

    std::atomic<int> state_{kOff};
    std::atomic<Clock::rep> due_{0};        // the next advert, relayed or not
    std::atomic<Clock::rep> owner_due_{0};  // the next one the VRRP thread said it sends
    AdvertRelay& relay_;
    const RelayTiming timing_;  // read by the relay threads whatever the state
    // Written only while kOff, read only while kSending.
    VrrpSocket* socket_ = nullptr;
    std::vector<RelayedAdvert> adverts_;
};

class AdvertRelay {
  public:
    AdvertRelay() = default;
    ~AdvertRelay();  // stops the threads
    AdvertRelay(const AdvertRelay&) = delete;
    AdvertRelay& operator=(const AdvertRelay&) = delete;

    // SCHED_RR at `priority` (the VRRP thread's), one thread pinned on each CPU the process may
    // run on; none (the threads stop) without a priority or with a single CPU: a relay at the
    // normal policy would wait behind the same load as the VRRP thread. The reason when the
    // kernel refuses, "" otherwise.
    std::string run(std::optional<int> priority);
    bool running() const { return !threads_.empty(); }
    // A slot of the instance's own (its adverts every `interval`), registered until the
    // instance drops it.
    std::shared_ptr<RelaySlot> slot(Clock::duration interval);

  private:
    void stop();
    void loop();
    // The slots their instances still hold (the dropped ones pruned).
    std::vector<std::shared_ptr<RelaySlot>> snapshot();
    void wake();

    std::mutex mutex_;  // slots_, never held by the VRRP thread but to register
    std::vector<std::weak_ptr<RelaySlot>> slots_;
    friend class RelaySlot;
    // Futex word: bumped on every arm and stop, so that sleeping threads look again.
    std::atomic<std::uint32_t> generation_{0};
    std::atomic<bool> stopping_{false};
    std::vector<pthread_t> threads_;
    std::optional<int> priority_;  // the threads' (none: not running)
};

}  // namespace routerd::vrrp
