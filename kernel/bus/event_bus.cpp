#include "bus/event_bus.hpp"

#include <chrono>

namespace routerd {

uint64_t EventBus::subscribe(uint32_t type, Strand strand, Handler handler) {
    std::lock_guard lock(mutex_);
    const uint64_t id = next_id_++;
    subscriptions_.emplace(id, Subscription{type, std::move(strand), std::move(handler),
                                            std::make_shared<std::atomic<bool>>(true)});
    return id;
}

void EventBus::unsubscribe(uint64_t id) {
    std::lock_guard lock(mutex_);
    auto it = subscriptions_.find(id);
    if (it == subscriptions_.end()) return;
    it->second.active->store(false);
    subscriptions_.erase(it);
}

void EventBus::publish(sdk::Event event) {
    if (event.time_unix_ns == 0) {
        event.time_unix_ns =
            static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count());
    }
    auto shared = std::make_shared<const sdk::Event>(std::move(event));
    ++published_;
    std::lock_guard lock(mutex_);
    // Posting under the lock keeps each strand's deliveries in publish order even when
    // several threads publish at once.
    for (const auto& [id, sub] : subscriptions_) {
        if (sub.type != shared->type) continue;
        boost::asio::post(sub.strand, [shared, handler = sub.handler, active = sub.active] {
            if (active->load()) handler(*shared);
        });
    }
}

}  // namespace routerd
