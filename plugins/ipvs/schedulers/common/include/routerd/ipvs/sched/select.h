// Selection helpers shared by the load-based schedulers (lc, wlc, sed, nq, twos, fo, ovf).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs {

// A load expressed as cost / capacity, e.g. overhead / weight. Never divided: the
// kernel compares such ratios by cross-multiplication, and so do we.
struct Load {
    uint64_t cost = 0;
    uint64_t capacity = 1;
};

// a.cost / a.capacity < b.cost / b.capacity, exactly. Costs reach 2^40 and capacities
// 2^32, so the products need 128 bits.
inline bool lighter(const Load& a, const Load& b) {
    __extension__ using u128 = unsigned __int128;
    return u128{a.cost} * b.capacity < u128{b.cost} * a.capacity;
}

// The available backend with the lightest load; the earliest one wins ties, as the
// kernel keeps the first minimum it meets (ip_vs_lc.c, ip_vs_wlc.c, ip_vs_sed.c).
template <class LoadOf>
std::optional<std::size_t> lightest(std::span<const Backend> backends, LoadOf load_of) {
    std::optional<std::size_t> best;
    Load best_load;
    for (std::size_t i = 0; i < backends.size(); ++i) {
        if (!is_available(backends[i])) {
            continue;
        }
        const Load load = load_of(backends[i]);
        if (!best || lighter(load, best_load)) {
            best = i;
            best_load = load;
        }
    }
    return best;
}

// The available backend with the highest weight among those `eligible` also accepts;
// the earliest one wins ties (ip_vs_fo.c, ip_vs_ovf.c).
template <class Eligible>
std::optional<std::size_t> heaviest(std::span<const Backend> backends, Eligible eligible) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < backends.size(); ++i) {
        const Backend& b = backends[i];
        if (is_available(b) && eligible(b) && (!best || b.weight > backends[*best].weight)) {
            best = i;
        }
    }
    return best;
}

// The expected delay of ip_vs_sed.c and ip_vs_nq.c: (active + 1) / weight. The +1
// counts the connection being scheduled, so an idle fast server beats an idle slow one.
inline Load expected_delay(const Backend& backend) {
    return {uint64_t{backend.active_connections} + 1, backend.weight};
}

}  // namespace routerd::ipvs
