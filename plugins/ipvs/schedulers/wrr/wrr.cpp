#include "routerd/ipvs/sched/wrr.h"

#include <algorithm>
#include <vector>

#include "routerd/ipvs/sched/weights.h"

namespace routerd::ipvs {

void WeightedRoundRobin::update(std::span<const Backend> backends) {
    std::vector<uint32_t> weights;
    for (const Backend& b : backends) {
        weights.push_back(b.weight);
    }
    gcd_ = std::max<uint32_t>(positive_weight_gcd(weights), 1);
    // As ip_vs_wrr_update_svc: mw = max - (gcd - 1) keeps every cw level at 1 mod gcd,
    // so the last level of a cycle is exactly 1 and the levels match the weights' steps.
    max_weight_ = max_weight(weights) - (gcd_ - 1);
    if (current_weight_ > max_weight_ || current_weight_ == 0) {
        current_weight_ = max_weight_;
    } else if (gcd_ > 1) {
        current_weight_ = current_weight_ / gcd_ * gcd_ + 1;
    }
    cursor_.reset();
}

std::optional<std::size_t> WeightedRoundRobin::pick(std::span<const Backend> backends,
                                                    const Flow&) {
    // With no available server the kernel walks every level once before giving up;
    // answering up front is the same verdict without the walk.
    if (max_weight_ <= 0 || std::ranges::none_of(backends, is_available)) {
        return std::nullopt;
    }
    // Terminates: cw falls to 1 within one cycle, and an available server has weight >= 1.
    std::size_t i = cursor_ ? *cursor_ + 1 : 0;
    for (;; ++i) {
        if (i >= backends.size()) {
            i = 0;
            current_weight_ -= gcd_;
            if (current_weight_ <= 0) {
                current_weight_ = max_weight_;
            }
        }
        const Backend& b = backends[i];
        if (!b.overloaded && b.weight >= current_weight_) {
            cursor_ = i;
            return i;
        }
    }
}

}  // namespace routerd::ipvs
