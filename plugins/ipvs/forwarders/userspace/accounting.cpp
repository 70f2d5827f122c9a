#include "routerd/ipvs/userspace/accounting.h"

#include <utility>

namespace routerd::ipvs::userspace {

void DestinationLoad::set_thresholds(uint32_t upper, uint32_t lower) {
    upper_.store(upper, std::memory_order_relaxed);
    lower_.store(lower, std::memory_order_relaxed);
    if (upper == 0) {
        overloaded_.store(false, std::memory_order_relaxed);
    } else if (total() >= upper) {
        overloaded_.store(true, std::memory_order_relaxed);
    }
}

void DestinationLoad::bind(bool active) {
    connections_.fetch_add(1, std::memory_order_relaxed);
    (active ? active_ : inactive_).fetch_add(1, std::memory_order_relaxed);
    const uint32_t upper = upper_.load(std::memory_order_relaxed);
    if (upper != 0 && total() >= upper) {
        overloaded_.store(true, std::memory_order_relaxed);
    }
}

void DestinationLoad::deactivate() {
    active_.fetch_sub(1, std::memory_order_relaxed);
    inactive_.fetch_add(1, std::memory_order_relaxed);
}

void DestinationLoad::unbind(bool active) {
    (active ? active_ : inactive_).fetch_sub(1, std::memory_order_relaxed);
    const uint32_t upper = upper_.load(std::memory_order_relaxed);
    const uint32_t lower = lower_.load(std::memory_order_relaxed);
    const uint64_t now = total();
    if (lower != 0 ? now < lower : (upper == 0 || now * 4 < uint64_t{upper} * 3)) {
        overloaded_.store(false, std::memory_order_relaxed);
    }
}

ConnectionTicket::ConnectionTicket(std::shared_ptr<DestinationLoad> load, bool active)
    : load_(std::move(load)), active_(active) {
    load_->bind(active_);
}

ConnectionTicket::ConnectionTicket(ConnectionTicket&& other) noexcept
    : load_(std::move(other.load_)), active_(other.active_) {}

ConnectionTicket& ConnectionTicket::operator=(ConnectionTicket&& other) noexcept {
    if (this != &other) {
        release();
        load_ = std::move(other.load_);
        active_ = other.active_;
    }
    return *this;
}

ConnectionTicket::~ConnectionTicket() {
    release();
}

void ConnectionTicket::deactivate() {
    if (load_ && active_) {
        load_->deactivate();
        active_ = false;
    }
}

void ConnectionTicket::release() {
    if (load_) {
        load_->unbind(active_);
        load_.reset();
    }
}

}  // namespace routerd::ipvs::userspace
