#pragma once

#include <chrono>

namespace routerd {

// The time the checks keep: their rhythm, retries, answer deadlines and latencies. Injected,
// so that tests drive it instead of sleeping; the daemon passes SteadyCheckClock.
class CheckClock {
  public:
    using time_point = std::chrono::steady_clock::time_point;

    virtual ~CheckClock() = default;
    virtual time_point now() const = 0;
};

class SteadyCheckClock final : public CheckClock {
  public:
    time_point now() const override { return std::chrono::steady_clock::now(); }
};

}  // namespace routerd
