#include "routerd/ipvs/sched/twos.h"

#include "routerd/ipvs/sched/select.h"

namespace routerd::ipvs {

namespace {

// The available backend whose cumulative weight first reaches `point`.
std::size_t draw(std::span<const Backend> backends, uint64_t point) {
    uint64_t cumulative = 0;
    std::size_t last = 0;
    for (std::size_t i = 0; i < backends.size(); ++i) {
        if (!is_available(backends[i])) {
            continue;
        }
        cumulative += backends[i].weight;
        last = i;
        if (cumulative >= point) {
            break;
        }
    }
    return last;
}

}  // namespace

std::optional<std::size_t> PowerOfTwoChoices::pick(std::span<const Backend> backends, const Flow&) {
    uint64_t total = 0;
    for (const Backend& b : backends) {
        total += is_available(b) ? b.weight : 0;
    }
    if (total == 0) {
        return std::nullopt;
    }
    // As ip_vs_twos.c, the points lie in [0, total], both ends included: the first
    // server's share is (weight + 1) / (total + 1), a bias the kernel has too.
    const std::size_t first = draw(backends, random_() % (total + 1));
    const std::size_t second = draw(backends, random_() % (total + 1));
    const auto load = [&](std::size_t i) {
        return Load{connection_overhead(backends[i]), backends[i].weight};
    };
    return lighter(load(second), load(first)) ? second : first;
}

}  // namespace routerd::ipvs
