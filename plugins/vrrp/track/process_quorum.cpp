#include "process_quorum.hpp"

#include <stdexcept>

namespace routerd::vrrp::track {

void validate(const QuorumConfig& config) {
    if (config.quorum_max && *config.quorum_max < config.quorum)
        throw std::invalid_argument("track_process: quorum_max " +
                                    std::to_string(*config.quorum_max) + " is below quorum " +
                                    std::to_string(config.quorum));
    if (config.fork_delay.count() < 0 || config.terminate_delay.count() < 0)
        throw std::invalid_argument("track_process: negative delay");
}

bool within_quorum(const QuorumConfig& config, std::size_t count) {
    return count >= config.quorum && (!config.quorum_max || count <= *config.quorum_max);
}

std::string describe_quorum(const QuorumConfig& config) {
    std::string text = "quorum " + std::to_string(config.quorum);
    if (config.quorum_max) text += ".." + std::to_string(*config.quorum_max);
    return text;
}

QuorumState::QuorumState(QuorumConfig config) : config_(config) {
    validate(config_);
}

bool QuorumState::observe(std::size_t count, TimePoint now) {
    std::size_t previous = count_;
    count_ = count;
    bool wanted = within_quorum(config_, count);
    if (!up_) {
        up_ = wanted;
        return true;
    }
    if (wanted == *up_) {
        deadline_.reset();  // back where we are before the delay ran out: nothing happened
        return false;
    }
    if (!deadline_) {
        // The count that starts a pending change decides which delay applies.
        deadline_ = now + (count > previous ? config_.fork_delay : config_.terminate_delay);
    }
    return on_timer(now);
}

bool QuorumState::on_timer(TimePoint now) {
    if (!deadline_ || now < *deadline_) return false;
    deadline_.reset();
    bool wanted = within_quorum(config_, count_);
    bool changed = wanted != *up_;
    up_ = wanted;
    return changed;
}

}  // namespace routerd::vrrp::track
