// What the forwarder's listeners and connections share: the current limits and the counters
// that status() shows. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

#include "routerd/ipvs/userspace/limits.h"

namespace routerd::ipvs::userspace {

class ForwarderState {
  public:
    Limits limits() const {
        std::lock_guard lock(mutex_);
        return limits_;
    }
    void set_limits(const Limits& limits) {
        std::lock_guard lock(mutex_);
        limits_ = limits;
    }

    std::atomic<uint64_t> open{0};  // TCP connections and UDP flows
    std::atomic<uint64_t> accepted{0};
    std::atomic<uint64_t> refused_max_connections{0};
    std::atomic<uint64_t> refused_no_server{0};
    std::atomic<uint64_t> connect_failures{0};
    std::atomic<uint64_t> idle_timeouts{0};

  private:
    mutable std::mutex mutex_;
    Limits limits_ = default_limits();
};

// Counts one open connection or flow for as long as it lives.
class OpenSlot {
  public:
    explicit OpenSlot(ForwarderState& state) : state_(state) { ++state_.open; }
    ~OpenSlot() { --state_.open; }
    OpenSlot(const OpenSlot&) = delete;
    OpenSlot& operator=(const OpenSlot&) = delete;

  private:
    ForwarderState& state_;
};

}  // namespace routerd::ipvs::userspace
