// The durable alert queue, in the plugin's namespace of routerd's store: an alert is a row
// before anything is sent, and leaves the "queued" state only after the relay's 250 to the
// end of data ("sent") or a permanent refusal ("failed", kept for `routerctl notify-smtp`).
#pragma once

#include <routerd/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "alert.hpp"
#include "delivery_plan.hpp"

namespace routerd::smtp {

struct StoredAlert {
    std::uint64_t id = 0;
    std::string state;  // "queued", "sent", "failed"
    Alert alert;
    unsigned attempts = 0;
    std::chrono::sys_seconds next_attempt{};
    std::string last_error;
    std::optional<std::chrono::sys_seconds> done;  // when sent or failed

    PendingAlert pending() const;
};

class AlertStore {
  public:
    explicit AlertStore(const sdk::Host& host) : host_(host) {}

    void migrate() const;  // synchronous; from start()
    void enqueue(const Alert& alert) const;
    // Queued alerts, oldest first. Reading waits for this plugin's queued writes, so what it
    // returns is on disk. Rows that cannot be read back are marked failed, with the reason.
    std::vector<StoredAlert> queued() const;
    // The newest `limit` alerts in `state`, newest first.
    std::vector<StoredAlert> recent(std::string_view state, std::size_t limit) const;
    std::vector<StoredAlert> by_ids(std::span<const std::uint64_t> ids) const;
    std::size_t count(std::string_view state) const;

    void mark_sent(std::span<const std::uint64_t> ids, std::chrono::sys_seconds at,
                   const std::string& detail) const;
    void mark_failed(std::span<const std::uint64_t> ids, std::chrono::sys_seconds at,
                     const std::string& detail) const;
    void retry_later(std::span<const std::uint64_t> ids, const RetrySchedule& schedule,
                     const std::string& detail) const;
    // Keeps the newest `keep` rows of the sent and failed states each, so the table does not
    // grow without bound.
    void prune(std::size_t keep) const;

  private:
    std::vector<StoredAlert> select(const std::string& where,
                                    const std::vector<std::string>& params) const;
    void update(std::span<const std::uint64_t> ids, const std::string& set,
                std::vector<std::string> params) const;

    sdk::Host host_;
};

}  // namespace routerd::smtp
