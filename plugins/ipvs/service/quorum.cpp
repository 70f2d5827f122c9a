#include "routerd/ipvs/service/quorum.h"

namespace routerd::ipvs {

bool next_quorum_up(bool was_up, uint64_t healthy_weight, uint32_t quorum, uint32_t hysteresis) {
    if (healthy_weight == 0) return false;
    if (was_up) {
        const uint64_t low = quorum > hysteresis ? quorum - hysteresis : 0;
        return healthy_weight >= low;
    }
    return healthy_weight >= uint64_t{quorum} + hysteresis;
}

}  // namespace routerd::ipvs
