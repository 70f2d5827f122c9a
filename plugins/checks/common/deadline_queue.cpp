#include "deadline_queue.hpp"

#include <algorithm>

namespace routerd::checks {

DeadlineQueue::DeadlineQueue(boost::asio::io_context& io,
                             std::function<void(uint64_t key)> on_expiry)
    : on_expiry_(std::move(on_expiry)), timer_(io) {}

uint64_t DeadlineQueue::add(Clock::time_point deadline) {
    const uint64_t key = next_key_++;
    pending_.insert(key);
    entries_.emplace(deadline, key);
    arm(deadline);
    return key;
}

void DeadlineQueue::remove(uint64_t key) {
    pending_.erase(key);
}

void DeadlineQueue::arm(Clock::time_point when) {
    if (when >= armed_for_) return;
    armed_for_ = when;
    timer_.expires_at(when);
    timer_.async_wait([this](const boost::system::error_code& error) {
        if (error) return;  // re-armed earlier
        armed_for_ = Clock::time_point::max();
        expire();
    });
}

void DeadlineQueue::expire() {
    const Clock::time_point now = Clock::now();
    while (!entries_.empty() && entries_.top().first <= now) {
        const uint64_t key = entries_.top().second;
        entries_.pop();
        if (pending_.erase(key) != 0) on_expiry_(key);
    }
    while (!entries_.empty() && !pending_.contains(entries_.top().second))
        entries_.pop();
    if (!entries_.empty()) arm(std::max(entries_.top().first, now + kSlack));
}

}  // namespace routerd::checks
