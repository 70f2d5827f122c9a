#pragma once

#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs {

// Never queue (net/netfilter/ipvs/ip_vs_nq.c): the first available idle server (no
// active connections) if there is one, otherwise the one with the shortest expected
// delay (active + 1) / weight, as sed.
class NeverQueue final : public Scheduler {
  public:
    void update(std::span<const Backend>) override {}
    std::optional<std::size_t> pick(std::span<const Backend> backends, const Flow& flow) override;
};

}  // namespace routerd::ipvs
