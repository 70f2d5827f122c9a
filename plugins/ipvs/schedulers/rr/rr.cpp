#include "routerd/ipvs/sched/rr.h"

namespace routerd::ipvs {

void RoundRobin::update(std::span<const Backend> backends) {
    // The kernel's cursor is a list node and survives other servers coming and going;
    // ours is an index, so re-find the last server picked by its key. If it left, start
    // over from the first server.
    std::optional<std::string> last_key;
    if (last_ && *last_ < keys_.size()) {
        last_key = keys_[*last_];
    }
    keys_.clear();
    last_.reset();
    for (std::size_t i = 0; i < backends.size(); ++i) {
        keys_.push_back(backends[i].key);
        if (last_key && backends[i].key == *last_key) {
            last_ = i;
        }
    }
}

std::optional<std::size_t> RoundRobin::pick(std::span<const Backend> backends, const Flow&) {
    const std::size_t n = backends.size();
    const std::size_t start = last_ ? *last_ + 1 : 0;
    for (std::size_t step = 0; step < n; ++step) {
        const std::size_t i = (start + step) % n;
        if (is_available(backends[i])) {
            last_ = i;
            return i;
        }
    }
    return std::nullopt;
}

}  // namespace routerd::ipvs
