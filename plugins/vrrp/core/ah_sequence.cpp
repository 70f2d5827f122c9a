#include "ah_sequence.hpp"

namespace routerd::vrrp {

namespace {
constexpr std::uint32_t kLastSequence = 0xFFFFFFFD;
}

std::uint32_t AhSequence::next_for_send() {
    if (value_ > kLastSequence) {
        cycled_ = true;
    } else {
        ++value_;
    }
    return value_;
}

void AhSequence::on_accepted(std::uint32_t sequence) {
    value_ = sequence;
    cycled_ = false;
}

void AhSequence::on_lower_priority_advert(std::uint32_t sequence) {
    value_ = sequence + 1;
    cycled_ = false;
}

void AhSequence::on_become_master() {
    if (cycled_) {
        cycled_ = false;
        value_ = 0;
    }
}

}  // namespace routerd::vrrp
