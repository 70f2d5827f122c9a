#include "routerd/ipvs/sched/sh.h"

#include "routerd/ipvs/sched/hash.h"

namespace routerd::ipvs {

void SourceHashing::update(std::span<const Backend> backends) {
    fill_in_turns(table_, backends, [](const Backend& b) { return b.weight; });
}

std::optional<std::size_t> SourceHashing::pick(std::span<const Backend> backends,
                                               const Flow& flow) {
    const uint32_t key =
        fold_address(flow.family, flow.source_address) + hashed_source_port(flow, flags_.port);
    const uint32_t mask = kTableSize - 1;
    return table_.lookup(backends, flags_.fallback,
                         [&](uint32_t offset) { return (offset + golden_hash(key)) & mask; });
}

}  // namespace routerd::ipvs
