#include "routerd/ipvs/sched/nq.h"

#include "routerd/ipvs/sched/select.h"

namespace routerd::ipvs {

std::optional<std::size_t> NeverQueue::pick(std::span<const Backend> backends, const Flow&) {
    // An idle server serves at once, whatever its weight: nothing queues behind it.
    for (std::size_t i = 0; i < backends.size(); ++i) {
        if (is_available(backends[i]) && backends[i].active_connections == 0) {
            return i;
        }
    }
    return lightest(backends, expected_delay);
}

}  // namespace routerd::ipvs
