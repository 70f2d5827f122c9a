#include "routerd/ipvs/sched/sed.h"

#include "routerd/ipvs/sched/select.h"

namespace routerd::ipvs {

std::optional<std::size_t> ShortestExpectedDelay::pick(std::span<const Backend> backends,
                                                       const Flow&) {
    return lightest(backends, expected_delay);
}

}  // namespace routerd::ipvs
