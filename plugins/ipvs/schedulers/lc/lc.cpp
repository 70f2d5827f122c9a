#include "routerd/ipvs/sched/lc.h"

#include "routerd/ipvs/sched/select.h"

namespace routerd::ipvs {

std::optional<std::size_t> LeastConnection::pick(std::span<const Backend> backends, const Flow&) {
    return lightest(backends, [](const Backend& b) { return Load{connection_overhead(b), 1}; });
}

}  // namespace routerd::ipvs
