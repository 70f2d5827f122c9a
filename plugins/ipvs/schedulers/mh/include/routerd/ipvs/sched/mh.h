#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "routerd/ipvs/sched/lookup_table.h"
#include "routerd/ipvs/sched/scheduler.h"
#include "routerd/ipvs/table/scheduler_flags.h"

namespace routerd::ipvs {

inline constexpr uint32_t kDefaultMaglevTableSize = 65537;

// Maglev hashing (net/netfilter/ipvs/ip_vs_mh.c; Eisenbud et al., NSDI 2016, §3.4).
// Each server walks its own permutation of the M table slots (offset and skip from two
// hashes of its key) and takes the next free slot in turn, `turns` slots per round for
// its gcd-scaled weight, until the table is full. The source address (and with mh-port
// the source port) picks a slot. Few slots change owner when a server comes or goes.
//
// As in the kernel, the table is built from each server's last positive weight: setting a
// weight to 0 drains a server without reshuffling everyone else's flows. Its flows get no
// server, unless mh-fallback, which probes on to an available one deterministically.
class MaglevHashing final : public Scheduler {
  public:
    // table_size must be a prime (so every skip generates a full permutation) below 2^31;
    // std::invalid_argument otherwise.
    explicit MaglevHashing(SchedulerFlags flags = {},
                           uint32_t table_size = kDefaultMaglevTableSize);

    void update(std::span<const Backend> backends) override;
    std::optional<std::size_t> pick(std::span<const Backend> backends, const Flow& flow) override;

    const LookupTable& table() const { return table_; }

  private:
    // Each backend's weight, or its last positive one if it is 0 now.
    std::vector<uint32_t> remember_weights(std::span<const Backend> backends);

    SchedulerFlags flags_;
    LookupTable table_;
    std::unordered_map<std::string, uint32_t> last_weight_;  // by key; ip_vs_dest.last_weight
};

}  // namespace routerd::ipvs
