#include "routerd/ipvs/sched/registry.h"

#include <random>

#include "routerd/ipvs/sched/dh.h"
#include "routerd/ipvs/sched/fo.h"
#include "routerd/ipvs/sched/lc.h"
#include "routerd/ipvs/sched/nq.h"
#include "routerd/ipvs/sched/ovf.h"
#include "routerd/ipvs/sched/rr.h"
#include "routerd/ipvs/sched/sed.h"
#include "routerd/ipvs/sched/sh.h"
#include "routerd/ipvs/sched/wlc.h"
#include "routerd/ipvs/sched/wrr.h"

namespace routerd::ipvs {

namespace {

constexpr std::string_view kNames[] = {"rr", "wrr", "lc", "wlc", "sh",  "dh",
                                       "mh", "sed", "nq", "fo",  "ovf", "twos"};

RandomSource random_or_default(const RandomSource& random) {
    if (random) {
        return random;
    }
    return [engine = std::mt19937_64{std::random_device{}()}]() mutable { return engine(); };
}

}  // namespace

std::span<const std::string_view> scheduler_names() {
    return kNames;
}

std::unique_ptr<Scheduler> make_scheduler(std::string_view name, const SchedulerOptions& options) {
    if (name == "rr") return std::make_unique<RoundRobin>();
    if (name == "wrr") return std::make_unique<WeightedRoundRobin>();
    if (name == "lc") return std::make_unique<LeastConnection>();
    if (name == "wlc") return std::make_unique<WeightedLeastConnection>();
    if (name == "sh") return std::make_unique<SourceHashing>(options.flags);
    if (name == "dh") return std::make_unique<DestinationHashing>();
    if (name == "mh") {
        return std::make_unique<MaglevHashing>(options.flags, options.maglev_table_size);
    }
    if (name == "sed") return std::make_unique<ShortestExpectedDelay>();
    if (name == "nq") return std::make_unique<NeverQueue>();
    if (name == "fo") return std::make_unique<WeightedFailover>();
    if (name == "ovf") return std::make_unique<WeightedOverflow>();
    if (name == "twos")
        return std::make_unique<PowerOfTwoChoices>(random_or_default(options.random));
    return nullptr;
}

}  // namespace routerd::ipvs
