// What the durable queue sends next, and when to look again: coalescing (coalesce.hpp)
// combined with each alert's retry time (backoff.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "backoff.hpp"

namespace routerd::smtp {

struct PendingAlert {
    std::uint64_t id;  // row id in the durable queue
    std::string key;   // alert_key()
    std::chrono::sys_seconds time;
    unsigned attempts = 0;                    // transient failures so far
    std::chrono::sys_seconds next_attempt{};  // not before this time
};

struct DeliveryPlan {
    std::vector<std::uint64_t> send_now;  // one message, oldest first; empty: nothing due
    // When something held back (a coalescing window or a retry delay) becomes due.
    std::optional<std::chrono::sys_seconds> wake_at;
};

// The oldest batch whose coalescing window has closed and whose every alert may be tried
// again, so that a batch backing off never holds up newer alerts.
DeliveryPlan plan_delivery(std::span<const PendingAlert> pending, std::chrono::seconds window,
                           std::chrono::sys_seconds now);

struct RetrySchedule {
    unsigned attempts;
    std::chrono::sys_seconds next_attempt;
};

// After a batch failed transiently at `now`: the failure count of its most-tried alert
// plus one drives the backoff (alerts that joined later catch up with the batch).
RetrySchedule schedule_retry(const BackoffPolicy& policy, std::span<const PendingAlert> batch,
                             std::chrono::sys_seconds now, double random);

}  // namespace routerd::smtp
