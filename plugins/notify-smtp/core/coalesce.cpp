#include "coalesce.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace routerd::smtp {

CoalesceDecision coalesce(std::span<const QueuedAlert> queued, std::chrono::seconds window,
                          std::chrono::sys_seconds now) {
    std::vector<const QueuedAlert*> ordered;
    for (const QueuedAlert& alert : queued) {
        ordered.push_back(&alert);
    }
    std::ranges::sort(ordered, [](const QueuedAlert* a, const QueuedAlert* b) {
        return std::tie(a->time, a->id) < std::tie(b->time, b->id);
    });

    CoalesceDecision decision;
    if (window <= std::chrono::seconds::zero()) {
        for (const QueuedAlert* alert : ordered) {
            decision.ready.push_back({{alert->id}});
        }
        return decision;
    }
    std::map<std::string_view, std::vector<const QueuedAlert*>> by_key;  // each oldest first
    for (const QueuedAlert* alert : ordered) {
        by_key[alert->key].push_back(alert);
    }
    std::vector<std::pair<const QueuedAlert*, Batch>> ready;  // with the oldest alert
    for (const auto& [key, alerts] : by_key) {
        for (auto first = alerts.begin(); first != alerts.end();) {
            const std::chrono::sys_seconds closes = (*first)->time + window;
            if (now < closes) {
                decision.recheck_at = std::min(decision.recheck_at.value_or(closes), closes);
                break;  // later alerts of this key wait for this window anyway
            }
            const auto last = std::find_if(first, alerts.end(), [&](const QueuedAlert* alert) {
                return alert->time >= closes;
            });
            Batch batch;
            std::transform(first, last, std::back_inserter(batch.ids),
                           [](const QueuedAlert* alert) { return alert->id; });
            ready.emplace_back(*first, std::move(batch));
            first = last;
        }
    }
    std::ranges::sort(ready, [](const auto& a, const auto& b) {
        return std::tie(a.first->time, a.first->id) < std::tie(b.first->time, b.first->id);
    });
    for (auto& [oldest, batch] : ready) {
        decision.ready.push_back(std::move(batch));
    }
    return decision;
}

}  // namespace routerd::smtp
