#pragma once

#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs {

// Weighted failover (net/netfilter/ipvs/ip_vs_fo.c): every connection to the available
// server with the highest weight; the first of equals wins. Lowering its weight or
// marking it overloaded fails over to the next.
class WeightedFailover final : public Scheduler {
  public:
    void update(std::span<const Backend>) override {}
    std::optional<std::size_t> pick(std::span<const Backend> backends, const Flow& flow) override;
};

}  // namespace routerd::ipvs
