// Keepalived's quorum with hysteresis (keepalived.conf(5): quorum, hysteresis; check/ipwrapper.c
// update_quorum_state): a virtual server loses its quorum when the total weight of its healthy
// real servers falls below quorum - hysteresis (or to zero), and regains it at quorum +
// hysteresis, so a weight sum hovering around the quorum does not flap.
#pragma once

#include <cstdint>

namespace routerd::ipvs {

bool next_quorum_up(bool was_up, uint64_t healthy_weight, uint32_t quorum, uint32_t hysteresis);

}  // namespace routerd::ipvs
