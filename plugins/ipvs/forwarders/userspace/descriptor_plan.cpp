#include "routerd/ipvs/userspace/descriptor_plan.h"

#include <algorithm>

namespace routerd::ipvs::userspace {

DescriptorPlan plan_descriptors(uint64_t budget, unsigned threads) {
    DescriptorPlan plan;
    const uint64_t per_thread = budget / 4 / std::max(1u, threads) / 2;  // a pipe is two
    plan.pooled_pipes_per_thread =
        static_cast<std::size_t>(std::min<uint64_t>(per_thread, kMaxPooledPipes));
    plan.for_connections =
        budget - uint64_t{2} * plan.pooled_pipes_per_thread * std::max(1u, threads);
    return plan;
}

}  // namespace routerd::ipvs::userspace
