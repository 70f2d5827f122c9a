#include "routerd/ipvs/sched/dh.h"

#include "routerd/ipvs/sched/hash.h"

namespace routerd::ipvs {

void DestinationHashing::update(std::span<const Backend> backends) {
    fill_in_turns(table_, backends, [](const Backend&) { return 1u; });
}

std::optional<std::size_t> DestinationHashing::pick(std::span<const Backend> backends,
                                                    const Flow& flow) {
    const uint32_t bucket =
        golden_hash(fold_address(flow.family, flow.destination_address)) & (kTableSize - 1);
    return table_.lookup(backends, false, [&](uint32_t) { return bucket; });
}

}  // namespace routerd::ipvs
