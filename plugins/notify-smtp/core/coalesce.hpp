// Which queued alerts go out together. With a window, events about the same thing
// (same key) that fall within `window` of the first one make one message, so a
// flapping instance sends one mail rather than dozens; without, one mail per event.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace routerd::smtp {

struct QueuedAlert {
    std::uint64_t id;  // the caller's handle (its durable queue's row id)
    std::string key;   // alert_key()
    std::chrono::sys_seconds time;
};

struct Batch {
    std::vector<std::uint64_t> ids;  // oldest first: one message
};

struct CoalesceDecision {
    std::vector<Batch> ready;  // to send now, ordered by their oldest alert
    // When to decide again for alerts still held back (their window is open).
    std::optional<std::chrono::sys_seconds> recheck_at;
};

// `window` zero = coalescing off: every alert is its own batch, ready at once.
// Otherwise a batch starts at the oldest unsent alert of a key, takes every alert
// of that key up to `window` later, and is ready once that window has closed.
CoalesceDecision coalesce(std::span<const QueuedAlert> queued, std::chrono::seconds window,
                          std::chrono::sys_seconds now);

}  // namespace routerd::smtp
