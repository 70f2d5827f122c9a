#pragma once

#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs {

// Least-connection (net/netfilter/ipvs/ip_vs_lc.c): the available server with the
// smallest connection overhead (active * 256 + inactive); weights only matter in that 0
// excludes a server. The first of equals wins.
class LeastConnection final : public Scheduler {
  public:
    void update(std::span<const Backend>) override {}
    std::optional<std::size_t> pick(std::span<const Backend> backends, const Flow& flow) override;
};

}  // namespace routerd::ipvs
