#pragma once

#include <chrono>

namespace routerd {

// When a check's attempts are due, pure (times in, times out).
//
// Attempts keep a fixed rhythm: the next one is due delay_loop after the previous one was
// *due*, not after it answered (HAProxy's `inter`), so neither a check's own duration nor a
// late start drifts the schedule, and checks started with a spread keep it. A slot that
// passed while the previous attempt was still running is skipped, never run late in a burst.
// After a failure with retries left, Keepalived's delay_before_retry counts from the answer,
// and the rhythm continues from that retry.
namespace probe_timing {

using Clock = std::chrono::steady_clock;

// The first slot of the rhythm `due + k * delay_loop` (k >= 1) that is after `now`;
// delay_loop > 0 (the runner refuses anything else).
Clock::time_point next_slot(Clock::time_point due, std::chrono::nanoseconds delay_loop,
                            Clock::time_point now);

// How long an attempt may stay unanswered before the host counts it failed ("no answer from
// the checker"): the checker's own deadline — connect_timeout, or delay_loop for checkers
// whose timeout defaults to it (misc_timeout) — plus a grace for the answer's way back.
std::chrono::nanoseconds answer_deadline(std::chrono::nanoseconds connect_timeout,
                                         std::chrono::nanoseconds delay_loop);

}  // namespace probe_timing
}  // namespace routerd
