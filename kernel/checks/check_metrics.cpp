#include "checks/check_metrics.hpp"

#include "checks/running_check.hpp"

namespace routerd {
namespace {

using metrics::declare;
using metrics::MetricType;

constexpr const char* kFailureNames[] = {"down", "no_answer", "local_error"};

double seconds(std::chrono::nanoseconds d) {
    return std::chrono::duration<double>(d).count();
}

}  // namespace

CheckMetrics::CheckMetrics(metrics::Registry& registry, const CheckSpec& spec)
    : failures_(declare(registry, {MetricType::counter,
                                   "routerd_check_failures_total",
                                   "Failed attempts of a check, by reason (down: the "
                                   "checker said so; no_answer: the checker did not "
                                   "answer in time; local_error: routerd could not "
                                   "probe).",
                                   {"check", "reason"}})),
      id_(spec.id),
      up_(declare(registry, {MetricType::gauge,
                             "routerd_check_up",
                             "A health check's state after rise/fall: 1 up, 0 down.",
                             {"check", "type", "target"}})
              .series({spec.id, spec.type, spec.target})),
      probes_(declare(registry, {MetricType::counter,
                                 "routerd_check_probes_total",
                                 "Probes started, by checker type.",
                                 {"type"}})
                  .series({spec.type})),
      duration_(declare(registry, {MetricType::histogram,
                                   "routerd_check_probe_duration_seconds",
                                   "Time from a probe's start to its checker's answer.",
                                   {"type"},
                                   {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                    1, 2.5, 5, 10}})
                    .series({spec.type})),
      lateness_(declare(registry, {MetricType::histogram,
                                   "routerd_check_schedule_lateness_seconds",
                                   "How long after its slot an attempt started (a busy checker "
                                   "or host starts them late).",
                                   {"type"},
                                   {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5}})
                    .series({spec.type})) {}

void CheckMetrics::answered(std::chrono::nanoseconds duration) {
    duration_->observe(seconds(duration));
}

void CheckMetrics::failed(CheckFailure reason) {
    metrics::Series*& series = failed_[static_cast<size_t>(reason)];
    if (series == nullptr)
        series = failures_.series({id_, kFailureNames[static_cast<size_t>(reason)]});
    series->add(1);
}

void CheckMetrics::started_late(std::chrono::nanoseconds lateness) {
    probes_->add(1);
    lateness_->observe(seconds(std::max(lateness, std::chrono::nanoseconds(0))));
}

void CheckMetrics::hide() {
    up_->set_visible(false);
    for (metrics::Series* series : failed_) {
        if (series != nullptr) series->set_visible(false);
    }
}

}  // namespace routerd
