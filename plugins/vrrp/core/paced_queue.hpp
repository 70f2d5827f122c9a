// Messages that leave one interface at most one per `interval`: keepalived.conf(5)'s
// garp_interval (gratuitous ARPs) and gna_interval (unsolicited NAs), "delay between
// gratuitous ARP messages sent on an interface". Interval 0: all at once. Pure: time comes in;
// after every push() or take(), re-arm a timer to next_deadline() and take() then.
#pragma once

#include <deque>
#include <optional>
#include <vector>

#include "types.hpp"

namespace routerd::vrrp {

template <class Message>
class PacedQueue {
  public:
    explicit PacedQueue(Clock::duration interval = {}) : interval_(interval) {}

    void set_interval(Clock::duration interval) { interval_ = interval; }
    void push(Message message) { waiting_.push_back(std::move(message)); }

    // What may leave at `now`.
    std::vector<Message> take(TimePoint now) {
        std::vector<Message> out;
        while (!waiting_.empty() && may_send(now)) {
            out.push_back(std::move(waiting_.front()));
            waiting_.pop_front();
            last_sent_ = now;
        }
        return out;
    }

    std::optional<TimePoint> next_deadline() const {
        if (waiting_.empty()) return std::nullopt;
        return last_sent_ ? *last_sent_ + interval_ : TimePoint{};
    }

    bool empty() const { return waiting_.empty(); }

  private:
    bool may_send(TimePoint now) const {
        return interval_ <= Clock::duration::zero() || !last_sent_ ||
               now >= *last_sent_ + interval_;
    }

    Clock::duration interval_;
    std::deque<Message> waiting_;
    std::optional<TimePoint> last_sent_;
};

}  // namespace routerd::vrrp
