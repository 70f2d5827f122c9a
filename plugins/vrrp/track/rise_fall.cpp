#include "rise_fall.hpp"

#include <stdexcept>

namespace routerd::vrrp::track {

RiseFall::RiseFall(RiseFallConfig config)
    : config_(config), result_(config.init_fail ? 0 : config.rise - 1), known_(config.init_fail) {
    if (config.rise < 1 || config.fall < 1)
        throw std::invalid_argument("vrrp_script: rise and fall must be at least 1");
}

bool RiseFall::record(bool success) {
    std::optional<bool> before = up();
    if (success)
        result_ = result_ < config_.rise - 1 ? result_ + 1 : config_.rise + config_.fall - 1;
    else
        result_ = result_ > config_.rise ? result_ - 1 : 0;
    known_ = true;
    return up() != before;
}

std::optional<bool> RiseFall::up() const {
    if (!known_) return std::nullopt;
    return result_ >= config_.rise;
}

}  // namespace routerd::vrrp::track
