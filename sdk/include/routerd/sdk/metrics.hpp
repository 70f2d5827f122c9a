// Metrics a plugin exports through the host's registry (served at /metrics in the Prometheus
// text format). Declare a family once (Host::counter, gauge, histogram), take its series with
// `series(label values...)`, keep the Metric and update it from any thread: updates are atomic
// operations in the host, never a lock, so a real-time loop may make them.
#ifndef ROUTERD_SDK_METRICS_HPP
#define ROUTERD_SDK_METRICS_HPP

#include <routerd/plugin.h>
#include <routerd/sdk/abi.hpp>

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::sdk {

// One series. A default-constructed Metric is detached: its updates do nothing (handy for an
// object that a test builds without a host).
class Metric {
  public:
    Metric() = default;
    Metric(routerd_host_t* host, const routerd_host_api_t* api, routerd_metric_t* metric)
        : host_(host), api_(api), metric_(metric) {}

    // Counter (delta >= 0) or gauge.
    void add(double delta = 1) const {
        if (metric_ != nullptr) api_->metric_add(host_, metric_, delta);
    }
    // Gauge.
    void set(double value) const {
        if (metric_ != nullptr) api_->metric_set(host_, metric_, value);
    }
    // Histogram.
    void observe(double value) const {
        if (metric_ != nullptr) api_->metric_observe(host_, metric_, value);
    }
    // Leaves the exposition until its family's series() asks for it again.
    void remove() const {
        if (metric_ != nullptr) api_->metric_remove(host_, metric_);
    }
    bool attached() const { return metric_ != nullptr; }

  private:
    routerd_host_t* host_ = nullptr;
    const routerd_host_api_t* api_ = nullptr;
    routerd_metric_t* metric_ = nullptr;
};

// A declared family; detached (its series detached too) when default-constructed.
class MetricFamily {
  public:
    MetricFamily() = default;
    MetricFamily(routerd_host_t* host, const routerd_host_api_t* api,
                 routerd_metric_family_t* family)
        : host_(host), api_(api), family_(family) {}

    // The series with these label values, one per label name in declaration order. Any thread;
    // it may lock in the host: take series when what they count is set up, not per update.
    Metric series(const std::vector<std::string>& label_values) const {
        if (family_ == nullptr) return {};
        std::vector<routerd_str_t> raw;
        raw.reserve(label_values.size());
        for (const auto& v : label_values)
            raw.push_back(to_c(v));
        routerd_metric_t* metric = api_->metric_series(host_, family_, raw.data(), raw.size());
        if (metric == nullptr) throw std::runtime_error("host refused metric_series");
        return Metric(host_, api_, metric);
    }
    Metric series(std::initializer_list<std::string_view> label_values) const {
        return series(std::vector<std::string>(label_values.begin(), label_values.end()));
    }
    bool attached() const { return family_ != nullptr; }

  private:
    routerd_host_t* host_ = nullptr;
    const routerd_host_api_t* api_ = nullptr;
    routerd_metric_family_t* family_ = nullptr;
};

// A counter fed from a running total kept elsewhere and sampled now and then (a data plane's
// own atomic counters, read once a second): each sample adds the growth since the last. One
// sampler at a time.
class SampledCounter {
  public:
    SampledCounter() = default;
    explicit SampledCounter(Metric metric) : metric_(metric) {}
    void update(double total) {
        if (total > last_) metric_.add(total - last_);
        last_ = total;
    }
    const Metric& metric() const { return metric_; }

  private:
    Metric metric_;
    double last_ = 0;
};

// What a family is: its name (Prometheus's conventions: routerd_ prefix, unit suffix, counters
// end in _total), help text, label names and, for a histogram, bucket upper bounds.
struct MetricSpec {
    std::string_view name;
    std::string_view help;
    std::vector<std::string> labels = {};
    std::vector<double> buckets = {};
};

// Declares a family through the host table; throws with the host's reason when refused.
inline MetricFamily declare_metric(routerd_host_t* host, const routerd_host_api_t* api,
                                   routerd_metric_type_t type, const MetricSpec& spec) {
    std::vector<routerd_str_t> labels;
    labels.reserve(spec.labels.size());
    for (const auto& l : spec.labels)
        labels.push_back(to_c(l));
    routerd_metric_family_t* family =
        api->metric_family(host, type, to_c(spec.name), to_c(spec.help), labels.data(),
                           labels.size(), spec.buckets.data(), spec.buckets.size());
    if (family == nullptr) {
        throw std::runtime_error("host refused metric family " + std::string(spec.name));
    }
    return MetricFamily(host, api, family);
}

}  // namespace routerd::sdk

#endif  // ROUTERD_SDK_METRICS_HPP
