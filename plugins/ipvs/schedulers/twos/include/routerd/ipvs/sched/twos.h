#pragma once

#include <cstdint>
#include <functional>

#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs {

// Uniform 64-bit random numbers. Injected so tests can drive the choices.
using RandomSource = std::function<uint64_t()>;

// Power of two choices (net/netfilter/ipvs/ip_vs_twos.c): draw two available servers at
// random, each with probability proportional to its weight, and keep the one with the
// smaller connection overhead / weight (the first draw on a tie).
class PowerOfTwoChoices final : public Scheduler {
  public:
    explicit PowerOfTwoChoices(RandomSource random) : random_(std::move(random)) {}

    void update(std::span<const Backend>) override {}
    std::optional<std::size_t> pick(std::span<const Backend> backends, const Flow& flow) override;

  private:
    RandomSource random_;
};

}  // namespace routerd::ipvs
