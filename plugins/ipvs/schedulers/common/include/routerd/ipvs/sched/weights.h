// Weight arithmetic shared by wrr and mh.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <span>

namespace routerd::ipvs {

// Greatest common divisor of the positive weights, 0 when there are none
// (ip_vs_wrr_gcd_weight / ip_vs_mh_gcd_weight).
inline uint32_t positive_weight_gcd(std::span<const uint32_t> weights) {
    uint32_t g = 0;
    for (const uint32_t w : weights) {
        if (w > 0) {
            g = std::gcd(g, w);
        }
    }
    return g;
}

inline uint32_t max_weight(std::span<const uint32_t> weights) {
    return weights.empty() ? 0 : *std::max_element(weights.begin(), weights.end());
}

}  // namespace routerd::ipvs
