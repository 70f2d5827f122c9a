#pragma once

#include "routerd/ipvs/sched/lookup_table.h"
#include "routerd/ipvs/sched/scheduler.h"
#include "routerd/ipvs/table/scheduler_flags.h"

namespace routerd::ipvs {

// Source hashing (net/netfilter/ipvs/ip_vs_sh.c): a 256-bucket table in which each
// server, in order, owns `weight` consecutive buckets (at least one), cycling until the
// table is full; the source address (and with sh-port the source port) picks a bucket.
// An unavailable server gets nothing, unless sh-fallback, which walks on to the next
// available one deterministically.
class SourceHashing final : public Scheduler {
  public:
    static constexpr std::size_t kTableSize = 256;

    explicit SourceHashing(SchedulerFlags flags = {}) : flags_(flags) {}

    void update(std::span<const Backend> backends) override;
    std::optional<std::size_t> pick(std::span<const Backend> backends, const Flow& flow) override;

    const LookupTable& table() const { return table_; }

  private:
    SchedulerFlags flags_;
    LookupTable table_{kTableSize};
};

}  // namespace routerd::ipvs
