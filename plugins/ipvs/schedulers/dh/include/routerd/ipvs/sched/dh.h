#pragma once

#include "routerd/ipvs/sched/lookup_table.h"
#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs {

// Destination hashing (net/netfilter/ipvs/ip_vs_dh.c): a 256-bucket table dealt to the
// servers one bucket each, in order, cycling; the destination address picks a bucket.
// Weights are not used, except that an unavailable server gets nothing (no fallback).
class DestinationHashing final : public Scheduler {
  public:
    static constexpr std::size_t kTableSize = 256;

    void update(std::span<const Backend> backends) override;
    std::optional<std::size_t> pick(std::span<const Backend> backends, const Flow& flow) override;

    const LookupTable& table() const { return table_; }

  private:
    LookupTable table_{kTableSize};
};

}  // namespace routerd::ipvs
