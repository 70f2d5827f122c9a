#include "routerd/ipvs/sched/wlc.h"

#include "routerd/ipvs/sched/select.h"

namespace routerd::ipvs {

std::optional<std::size_t> WeightedLeastConnection::pick(std::span<const Backend> backends,
                                                         const Flow&) {
    return lightest(backends, [](const Backend& b) {
        return Load{connection_overhead(b), b.weight};
    });
}

}  // namespace routerd::ipvs
