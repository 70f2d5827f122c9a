#pragma once

#include <cstdint>
#include <optional>

#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs {

// Weighted round-robin (net/netfilter/ipvs/ip_vs_wrr.c). Passes over the server list
// with a current weight cw that starts at the maximum weight and drops by the gcd of
// the weights after each pass; a pass takes every server whose weight is >= cw. Over
// one cycle each server is picked exactly weight/gcd times, interleaved.
class WeightedRoundRobin final : public Scheduler {
  public:
    void update(std::span<const Backend> backends) override;
    std::optional<std::size_t> pick(std::span<const Backend> backends, const Flow& flow) override;

  private:
    std::optional<std::size_t> cursor_;  // last server picked; none: before the first
    int64_t current_weight_ = 0;         // cw
    int64_t max_weight_ = 0;             // mw, lowered by gcd - 1 (see update())
    int64_t gcd_ = 1;                    // di, the step between passes
};

}  // namespace routerd::ipvs
