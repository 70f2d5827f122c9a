#include "advert_relay.hpp"

#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <ctime>

namespace routerd::vrrp {
namespace {

TimePoint at(Clock::rep count) {
    return TimePoint(Clock::duration(count));
}

// Sleeps until `word` changes from `seen`, a wake, or `deadline` (CLOCK_MONOTONIC, which
// steady_clock is), whichever comes first.
void wait_on(std::atomic<std::uint32_t>& word, std::uint32_t seen,
             std::optional<TimePoint> deadline) {
    timespec until{};
    if (deadline) {
        const auto ns =
            std::chrono::duration_cast<std::chrono::nanoseconds>(deadline->time_since_epoch())
                .count();
        until.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
        until.tv_nsec = static_cast<long>(ns % 1'000'000'000);
    }
    // FUTEX_WAIT_BITSET takes an absolute time; the word is the atomic's own storage.
    ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word),
              FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, seen, deadline ? &until : nullptr, nullptr,
              FUTEX_BITSET_MATCH_ANY);
}

void wake_all(std::atomic<std::uint32_t>& word) {
    word.fetch_add(1, std::memory_order_acq_rel);
    ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE | FUTEX_PRIVATE_FLAG,
              INT_MAX, nullptr, nullptr, 0);
}

}  // namespace

void RelaySlot::arm(VrrpSocket& socket, std::vector<RelayedAdvert> adverts, TimePoint due) {
    socket_ = &socket;
    adverts_ = std::move(adverts);
    keep(due);
    state_.store(kArmed, std::memory_order_release);
    relay_.wake();  // a thread asleep without a deadline looks again
}

void RelaySlot::disarm() {
    for (;;) {
        int expected = kArmed;
        if (state_.compare_exchange_strong(expected, kOff, std::memory_order_acq_rel) ||
            expected == kOff)
            return;
        // A relay thread is sending: a few microseconds, unless its CPU stopped. Yielding lets
        // it run should it be queued on this CPU at this thread's priority.
        ::sched_yield();
    }
}

std::optional<TimePoint> RelaySlot::relay(TimePoint now) {
    // Disarmed: the next arm() wakes the relay threads.
    if (state_.load(std::memory_order_acquire) == kOff) return std::nullopt;
    Clock::rep due = due_.load(std::memory_order_acquire);
    const RelayStep step =
        relay_step(timing_, now, at(due), at(owner_due_.load(std::memory_order_acquire)));
    if (!step.send) return step.look;
    int expected = kArmed;
    if (!state_.compare_exchange_strong(expected, kSending, std::memory_order_acq_rel)) {
        // Another relay thread sends this one: this thread still looks at the next (it may be
        // the one whose CPU runs then).
        return expected == kOff ? std::nullopt : std::optional(step.look);
    }
    // Unless the VRRP thread said first (keep()) when it sent: then it runs, and this advert
    // was its to send.
    const bool claimed = due_.compare_exchange_strong(due, step.due.time_since_epoch().count(),
                                                      std::memory_order_acq_rel);
    if (claimed) {
        for (const RelayedAdvert& advert : adverts_)
            socket_->send(advert.bytes, advert.destination, advert.source);
    }
    state_.store(kArmed, std::memory_order_release);
    return claimed ? step.look : at(due) + timing_.grace;
}

AdvertRelay::~AdvertRelay() {
    stop();
}

std::shared_ptr<RelaySlot> AdvertRelay::slot(Clock::duration interval) {
    std::shared_ptr<RelaySlot> slot(new RelaySlot(*this, interval));
    const std::lock_guard lock(mutex_);
    slots_.push_back(slot);
    return slot;
}

void AdvertRelay::wake() {
    wake_all(generation_);
}

std::vector<std::shared_ptr<RelaySlot>> AdvertRelay::snapshot() {
    std::vector<std::shared_ptr<RelaySlot>> live;
    const std::lock_guard lock(mutex_);
    std::erase_if(slots_, [](const std::weak_ptr<RelaySlot>& weak) { return weak.expired(); });
    for (const std::weak_ptr<RelaySlot>& weak : slots_) {
        if (std::shared_ptr<RelaySlot> slot = weak.lock()) live.push_back(std::move(slot));
    }
    return live;
}

void AdvertRelay::loop() {
    while (!stopping_.load(std::memory_order_acquire)) {
        const std::uint32_t seen = generation_.load(std::memory_order_acquire);
        std::optional<TimePoint> next;
        const TimePoint now = Clock::now();
        for (const std::shared_ptr<RelaySlot>& slot : snapshot()) {
            if (const std::optional<TimePoint> when = slot->relay(now))
                next = next ? std::min(*next, *when) : *when;
        }
        wait_on(generation_, seen, next);
    }
}

std::string AdvertRelay::run(std::optional<int> priority) {
    if (priority == priority_) return "";
    stop();
    priority_.reset();
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    if (!priority || ::sched_getaffinity(0, sizeof cpus, &cpus) != 0 || CPU_COUNT(&cpus) < 2)
        return "";
    stopping_.store(false, std::memory_order_release);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (!CPU_ISSET(cpu, &cpus)) continue;
        pthread_attr_t attr;
        ::pthread_attr_init(&attr);
        ::pthread_attr_setstacksize(&attr, 64 * 1024);  // locked in full under no_swap
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        ::pthread_attr_setaffinity_np(&attr, sizeof one, &one);
        ::pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
        ::pthread_attr_setschedpolicy(&attr, SCHED_RR);
        sched_param param{};
        param.sched_priority = *priority;
        ::pthread_attr_setschedparam(&attr, &param);
        pthread_t thread;
        const int error = ::pthread_create(
            &thread, &attr,
            [](void* self) -> void* {
                ::pthread_setname_np(::pthread_self(), "vrrp-relay");
                static_cast<AdvertRelay*>(self)->loop();
                return nullptr;
            },
            this);
        ::pthread_attr_destroy(&attr);
        if (error != 0) {
            stop();
            return std::strerror(error);
        }
        threads_.push_back(thread);
    }
    priority_ = priority;
    return "";
}

void AdvertRelay::stop() {
    stopping_.store(true, std::memory_order_release);
    wake();
    for (const pthread_t thread : threads_)
        ::pthread_join(thread, nullptr);
    threads_.clear();
}

}  // namespace routerd::vrrp
