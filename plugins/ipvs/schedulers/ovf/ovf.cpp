#include "routerd/ipvs/sched/ovf.h"

#include "routerd/ipvs/sched/select.h"

namespace routerd::ipvs {

std::optional<std::size_t> WeightedOverflow::pick(std::span<const Backend> backends, const Flow&) {
    // The kernel skips a server only once active > weight: a server still takes the
    // connection that brings it to exactly its weight.
    return heaviest(backends, [](const Backend& b) { return b.active_connections <= b.weight; });
}

}  // namespace routerd::ipvs
