// Every scheduler core by its IPVS name, for tests, benchmarks and config validation.
// The plugins do not use this: each wraps exactly one core.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "routerd/ipvs/sched/mh.h"
#include "routerd/ipvs/sched/scheduler.h"
#include "routerd/ipvs/sched/twos.h"
#include "routerd/ipvs/table/scheduler_flags.h"

namespace routerd::ipvs {

struct SchedulerOptions {
    SchedulerFlags flags;                                  // sh, mh
    uint32_t maglev_table_size = kDefaultMaglevTableSize;  // mh
    RandomSource random;  // twos; empty: a generator seeded from std::random_device
};

// "rr", "wrr", "lc", "wlc", "sh", "dh", "mh", "sed", "nq", "fo", "ovf", "twos".
std::span<const std::string_view> scheduler_names();

// nullptr for an unknown name. Throws std::invalid_argument for a bad Maglev table size.
std::unique_ptr<Scheduler> make_scheduler(std::string_view name,
                                          const SchedulerOptions& options = {});

}  // namespace routerd::ipvs
