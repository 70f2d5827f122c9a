// What the forwarder's listeners and connections share: the current limits, the descriptors
// they hold against the host's budget, the flows per client address, and the counters that
// status() shows. Thread-safe.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <atomic>
#include <cstdint>
#include <limits>
#include <mutex>

#include "routerd/ipvs/userspace/flows_per_source.h"
#include "routerd/ipvs/userspace/limits.h"

namespace routerd::ipvs::userspace {

class ForwarderState {
  public:
    enum class Admission { admitted, max_connections, per_source, descriptors };

    Limits limits() const {
        std::lock_guard lock(mutex_);
        return limits_;
    }
    void set_limits(const Limits& limits) {
        std::lock_guard lock(mutex_);
        limits_ = limits;
    }
    // What listeners, connections and flows may hold in all (descriptor_plan.h).
    void set_descriptor_budget(uint64_t for_connections) { descriptor_budget = for_connections; }

    // A new connection or flow from `source` that holds `descriptors`: admitted (and counted
    // until release) or refused, with the refusal counted. Threads admitting at once may pass
    // the descriptor budget by a connection each: the host's reserve absorbs that.
    Admission admit(const boost::asio::ip::address& source, unsigned descriptors);
    void release(const boost::asio::ip::address& source, unsigned descriptors);

    // A listener's socket: held whatever the budget (the connections give way first).
    void hold_listener() { ++descriptors; }
    void release_listener() { --descriptors; }

    std::atomic<uint64_t> open{0};         // TCP connections and UDP flows
    std::atomic<uint64_t> descriptors{0};  // held by listeners, connections and flows
    std::atomic<uint64_t> descriptor_budget{std::numeric_limits<uint64_t>::max()};
    std::atomic<uint64_t> accepted{0};
    std::atomic<uint64_t> refused_max_connections{0};
    std::atomic<uint64_t> refused_per_source{0};
    std::atomic<uint64_t> refused_descriptors{0};  // the budget, or the system, had none left
    std::atomic<uint64_t> refused_no_server{0};
    std::atomic<uint64_t> connect_failures{0};
    std::atomic<uint64_t> idle_timeouts{0};
    FlowsPerSource per_source;

  private:
    mutable std::mutex mutex_;
    Limits limits_ = default_limits();
};

// One admitted connection or flow (ForwarderState::admit), released when it ends.
class OpenSlot {
  public:
    OpenSlot(ForwarderState& state, boost::asio::ip::address source, unsigned descriptors)
        : state_(state), source_(std::move(source)), descriptors_(descriptors) {}
    ~OpenSlot() { state_.release(source_, descriptors_); }
    OpenSlot(const OpenSlot&) = delete;
    OpenSlot& operator=(const OpenSlot&) = delete;

  private:
    ForwarderState& state_;
    boost::asio::ip::address source_;
    unsigned descriptors_;
};

}  // namespace routerd::ipvs::userspace
