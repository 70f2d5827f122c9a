#include "routerd/ipvs/userspace/flows_per_source.h"

namespace routerd::ipvs::userspace {

bool FlowsPerSource::try_open(const boost::asio::ip::address& source, uint64_t limit) {
    std::lock_guard lock(mutex_);
    uint64_t& open = open_[source];
    if (open >= limit) {
        if (open == 0) open_.erase(source);
        return false;
    }
    ++open;
    return true;
}

void FlowsPerSource::close(const boost::asio::ip::address& source) {
    std::lock_guard lock(mutex_);
    const auto it = open_.find(source);
    if (it == open_.end()) return;
    if (--it->second == 0) open_.erase(it);
}

uint64_t FlowsPerSource::open(const boost::asio::ip::address& source) const {
    std::lock_guard lock(mutex_);
    const auto it = open_.find(source);
    return it == open_.end() ? 0 : it->second;
}

std::size_t FlowsPerSource::sources() const {
    std::lock_guard lock(mutex_);
    return open_.size();
}

}  // namespace routerd::ipvs::userspace
