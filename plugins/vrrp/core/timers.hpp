// Protocol timers (RFC 3768 §6.1, RFC 5798 §6.1).
#pragma once

#include <cstdint>

#include "types.hpp"

namespace routerd::vrrp {

// v2: (256 - Priority) / 256 seconds, exact in nanoseconds.
// v3: ((256 - Priority) * Master_Adver_Interval) / 256 in whole centiseconds, the integer
//     arithmetic of RFC 5798 §6.1 (Keepalived computes it the same way).
Clock::duration skew_time(Version version, std::uint8_t priority,
                          Centiseconds master_adver_interval);

// 3 * (Master_)Adver_Interval + Skew_Time; keepalived.conf(5) down_timer_adverts replaces the
// RFC's 3 with `adverts` (a deviation from the protocol that every router of the VRID must make).
Clock::duration master_down_interval(Version version, std::uint8_t priority,
                                     Centiseconds master_adver_interval, unsigned adverts = 3);

}  // namespace routerd::vrrp
