#include "routerd/ipvs/sched/fo.h"

#include "routerd/ipvs/sched/select.h"

namespace routerd::ipvs {

std::optional<std::size_t> WeightedFailover::pick(std::span<const Backend> backends, const Flow&) {
    return heaviest(backends, [](const Backend&) { return true; });
}

}  // namespace routerd::ipvs
