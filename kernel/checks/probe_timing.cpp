#include "checks/probe_timing.hpp"

#include <algorithm>

namespace routerd::probe_timing {

using namespace std::chrono_literals;

Clock::time_point next_slot(Clock::time_point due, std::chrono::nanoseconds delay_loop,
                            Clock::time_point now) {
    Clock::time_point next = due + delay_loop;
    if (next <= now) next += ((now - next) / delay_loop + 1) * delay_loop;
    return next;
}

std::chrono::nanoseconds answer_deadline(std::chrono::nanoseconds connect_timeout,
                                         std::chrono::nanoseconds delay_loop) {
    constexpr auto kGrace = 2s;
    return std::max(connect_timeout, delay_loop) + kGrace;
}

}  // namespace routerd::probe_timing
