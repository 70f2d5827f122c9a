#pragma once

#include <routerd/plugin.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "runtime/runtime.hpp"

namespace routerd {

// Typed publish/subscribe across executors. A subscriber names the strand its handler runs
// on; handlers of one subscription run one at a time, in publish order. Publishers never wait
// for subscribers.
class EventBus {
  public:
    using Handler = std::function<void(const sdk::Event&)>;

    uint64_t subscribe(uint32_t type, Strand strand, Handler handler);
    // After this returns, no new delivery starts for that subscription (one already running
    // on its strand finishes; post a barrier to the strand to wait for it).
    void unsubscribe(uint64_t id);
    void publish(sdk::Event event);

    uint64_t published() const { return published_.load(); }

  private:
    struct Subscription {
        uint32_t type;
        Strand strand;
        Handler handler;
        std::shared_ptr<std::atomic<bool>> active;
    };

    mutable std::mutex mutex_;
    uint64_t next_id_ = 1;
    std::unordered_map<uint64_t, Subscription> subscriptions_;
    std::atomic<uint64_t> published_{0};
};

}  // namespace routerd
