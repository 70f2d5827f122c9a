#pragma once

#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs {

// Shortest expected delay (net/netfilter/ipvs/ip_vs_sed.c): the available server with
// the smallest (active + 1) / weight; inactive connections do not count. The first of
// equals wins.
class ShortestExpectedDelay final : public Scheduler {
  public:
    void update(std::span<const Backend>) override {}
    std::optional<std::size_t> pick(std::span<const Backend> backends, const Flow& flow) override;
};

}  // namespace routerd::ipvs
