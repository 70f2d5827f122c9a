#include "delivery_plan.hpp"

#include <algorithm>
#include <map>

#include "coalesce.hpp"

namespace routerd::smtp {

DeliveryPlan plan_delivery(std::span<const PendingAlert> pending, std::chrono::seconds window,
                           std::chrono::sys_seconds now) {
    std::vector<QueuedAlert> queued;
    std::map<std::uint64_t, const PendingAlert*> by_id;
    for (const PendingAlert& alert : pending) {
        queued.push_back({alert.id, alert.key, alert.time});
        by_id[alert.id] = &alert;
    }
    const CoalesceDecision decision = coalesce(queued, window, now);
    DeliveryPlan plan;
    plan.wake_at = decision.recheck_at;
    const auto earliest = [&](std::chrono::sys_seconds t) {
        plan.wake_at = std::min(plan.wake_at.value_or(t), t);
    };
    for (const Batch& batch : decision.ready) {
        std::chrono::sys_seconds due{};
        for (std::uint64_t id : batch.ids) {
            due = std::max(due, by_id.at(id)->next_attempt);
        }
        if (due > now) {
            earliest(due);
        } else if (plan.send_now.empty()) {
            plan.send_now = batch.ids;
        }
    }
    return plan;
}

RetrySchedule schedule_retry(const BackoffPolicy& policy, std::span<const PendingAlert> batch,
                             std::chrono::sys_seconds now, double random) {
    unsigned attempts = 0;
    for (const PendingAlert& alert : batch) {
        attempts = std::max(attempts, alert.attempts);
    }
    ++attempts;
    return {attempts, next_attempt(policy, attempts, now, random)};
}

}  // namespace routerd::smtp
