#pragma once

#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs {

// Weighted least-connection (net/netfilter/ipvs/ip_vs_wlc.c): the available server with
// the smallest overhead / weight, overhead = active * 256 + inactive. The first of
// equals wins.
class WeightedLeastConnection final : public Scheduler {
  public:
    void update(std::span<const Backend>) override {}
    std::optional<std::size_t> pick(std::span<const Backend> backends, const Flow& flow) override;
};

}  // namespace routerd::ipvs
