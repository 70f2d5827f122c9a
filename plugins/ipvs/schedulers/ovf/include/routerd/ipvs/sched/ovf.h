#pragma once

#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs {

// Weighted overflow (net/netfilter/ipvs/ip_vs_ovf.c): the available server with the
// highest weight among those whose active connections do not exceed their weight, so
// connections overflow to the next server once the heaviest is full. The first of
// equals wins.
class WeightedOverflow final : public Scheduler {
  public:
    void update(std::span<const Backend>) override {}
    std::optional<std::size_t> pick(std::span<const Backend> backends, const Flow& flow) override;
};

}  // namespace routerd::ipvs
