#include "host/heartbeats.hpp"

namespace routerd {

uint64_t Heartbeats::declare(std::string name, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    const uint64_t id = next_id_++;
    entries_.emplace(id, Entry{std::move(name), now});
    return id;
}

void Heartbeats::feed(uint64_t id, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(id); it != entries_.end()) it->second.fed = now;
}

void Heartbeats::retire(uint64_t id) {
    std::lock_guard lock(mutex_);
    entries_.erase(id);
}

std::vector<Heartbeats::Beat> Heartbeats::beats(Clock::time_point now) const {
    std::lock_guard lock(mutex_);
    std::vector<Beat> out;
    for (const auto& [id, entry] : entries_) {
        const auto age = std::chrono::duration_cast<std::chrono::nanoseconds>(now - entry.fed);
        out.push_back(Beat{entry.name, age, age > 2 * interval_});
    }
    return out;
}

std::vector<std::string> Heartbeats::stale(Clock::time_point now) const {
    std::vector<std::string> names;
    for (const Beat& beat : beats(now))
        if (beat.stale) names.push_back(beat.name);
    return names;
}

}  // namespace routerd
