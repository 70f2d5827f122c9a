#pragma once

#include <optional>
#include <string>
#include <vector>

#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs {

// Round-robin (net/netfilter/ipvs/ip_vs_rr.c): the available servers in turn, starting
// after the last one picked; weights only matter in that 0 excludes a server.
class RoundRobin final : public Scheduler {
  public:
    void update(std::span<const Backend> backends) override;
    std::optional<std::size_t> pick(std::span<const Backend> backends, const Flow& flow) override;

  private:
    std::vector<std::string> keys_;    // the set of the last update(), to follow `last_` across one
    std::optional<std::size_t> last_;  // index of the last pick; none: start with the first
};

}  // namespace routerd::ipvs
