// Keepalived's AH sequence counter (vrrp.c, ipsecah_counter): ONE counter per instance serves
// both directions. Sending increments it; an accepted advertisement raises it to the received
// number, so a backup that takes over continues above the old master's numbers and the old
// master (now a backup) accepts them. Matching this is what makes AH interoperate.
#pragma once

#include <cstdint>

namespace routerd::vrrp {

class AhSequence {
  public:
    // The number for the next advertisement. Keepalived stops incrementing past 0xFFFFFFFD
    // and marks the counter as cycled (reset when it next becomes master).
    std::uint32_t next_for_send();
    // Pass to decode_ipv4(): received numbers must be strictly above it.
    std::uint32_t highest() const { return value_; }
    // After decode_ipv4() accepted an advertisement carrying `sequence`.
    void on_accepted(std::uint32_t sequence);
    // A master that hears a lower-priority advertisement continues from its number + 1.
    void on_lower_priority_advert(std::uint32_t sequence);
    void on_become_master();
    bool cycled() const { return cycled_; }

  private:
    std::uint32_t value_ = 0;  // Keepalived starts at 0: the first advert carries 1
    bool cycled_ = false;
};

}  // namespace routerd::vrrp
