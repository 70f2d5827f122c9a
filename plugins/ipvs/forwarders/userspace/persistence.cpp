#include "routerd/ipvs/userspace/persistence.h"

#include <string_view>

namespace routerd::ipvs::userspace {

void PersistenceTable::reset(std::chrono::nanoseconds timeout, const Address16& mask) {
    if (timeout != timeout_ || mask != mask_) {
        entries_.clear();
    }
    timeout_ = timeout;
    mask_ = mask;
}

std::size_t PersistenceTable::Hash::operator()(const Address16& a) const {
    return std::hash<std::string_view>()(
        std::string_view(reinterpret_cast<const char*>(a.data()), a.size()));
}

Address16 PersistenceTable::masked(const Address16& client) const {
    Address16 out;
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = client[i] & mask_[i];
    }
    return out;
}

std::optional<std::string> PersistenceTable::lookup(const Address16& client,
                                                    std::chrono::nanoseconds now) {
    const auto it = entries_.find(masked(client));
    if (it == entries_.end()) {
        return std::nullopt;
    }
    if (it->second.expires <= now) {
        entries_.erase(it);
        return std::nullopt;
    }
    return it->second.destination;
}

void PersistenceTable::remember(const Address16& client, const std::string& destination,
                                std::chrono::nanoseconds now) {
    entries_.insert_or_assign(masked(client), Entry{destination, now + timeout_});
}

void PersistenceTable::forget(const Address16& client) {
    entries_.erase(masked(client));
}

void PersistenceTable::expire(std::chrono::nanoseconds now) {
    std::erase_if(entries_, [now](const auto& entry) { return entry.second.expires <= now; });
}

}  // namespace routerd::ipvs::userspace
