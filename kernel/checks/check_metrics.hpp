// One check's metrics: routerd_check_up{check,type,target}, its failures by reason, and per
// checker type the probes, their duration and how late the schedule ran them.
#pragma once

#include <array>
#include <chrono>
#include <string>

#include "metrics/registry.hpp"

namespace routerd {

struct CheckSpec;

// Why an attempt counts as failed (the `reason` label).
enum class CheckFailure {
    down,         // the checker answered "down" (refused, timed out, wrong reply, ...)
    no_answer,    // the checker broke its promise to answer by the timeout
    local_error,  // routerd could not make the attempt (out of descriptors)
};

class CheckMetrics {
  public:
    CheckMetrics(metrics::Registry& registry, const CheckSpec& spec);

    void state(bool up) { up_->set(up ? 1 : 0); }
    void answered(std::chrono::nanoseconds duration);
    void failed(CheckFailure reason);
    // An attempt began this long after its slot.
    void started_late(std::chrono::nanoseconds lateness);
    // The check stopped: its own series leave the exposition.
    void hide();

  private:
    metrics::Family& failures_;
    std::string id_;
    metrics::Series* up_;
    metrics::Series* probes_;
    metrics::Series* duration_;
    metrics::Series* lateness_;
    // Made at the first failure of each reason: 10,000 checks need not show 30,000 zeros.
    std::array<metrics::Series*, 3> failed_{};
};

}  // namespace routerd
