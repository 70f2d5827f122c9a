// Weight arithmetic shared by wrr and mh.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <ranges>

namespace routerd::ipvs {

// Greatest common divisor of the positive weights, 0 when there are none
// (ip_vs_wrr_gcd_weight / ip_vs_mh_gcd_weight).
template <std::ranges::input_range Weights>
uint32_t positive_weight_gcd(Weights&& weights) {
    uint32_t g = 0;
    for (const uint32_t w : weights) {
        if (w > 0) {
            g = std::gcd(g, w);
        }
    }
    return g;
}

template <std::ranges::input_range Weights>
uint32_t max_weight(Weights&& weights) {
    uint32_t m = 0;
    for (const uint32_t w : weights) {
        m = std::max(m, w);
    }
    return m;
}

}  // namespace routerd::ipvs
