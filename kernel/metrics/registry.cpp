#include "metrics/registry.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "metrics/series_key.hpp"

namespace routerd::metrics {

std::string spec_error(const FamilySpec& spec) {
    if (!valid_metric_name(spec.name)) {
        return "'" + spec.name + "' is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)";
    }
    for (size_t i = 0; i < spec.label_names.size(); ++i) {
        const std::string& label = spec.label_names[i];
        if (!valid_label_name(label)) {
            return spec.name + ": '" + label +
                   "' is not a label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)";
        }
        if (spec.type == MetricType::histogram && label == "le") {
            return spec.name + ": a histogram's label cannot be 'le' (its buckets use it)";
        }
        if (std::find(spec.label_names.begin(), spec.label_names.begin() + i, label) !=
            spec.label_names.begin() + i) {
            return spec.name + ": label '" + label + "' appears twice";
        }
    }
    if (spec.type != MetricType::histogram && !spec.bounds.empty()) {
        return spec.name + ": only a histogram has buckets";
    }
    for (size_t i = 0; i < spec.bounds.size(); ++i) {
        if (!std::isfinite(spec.bounds[i])) {
            return spec.name + ": bucket bounds must be finite (+Inf is implied)";
        }
        if (i > 0 && spec.bounds[i] <= spec.bounds[i - 1]) {
            return spec.name + ": bucket bounds must be strictly increasing";
        }
    }
    return {};
}

Series::Series(const Family& family) : family_(family) {
    if (family.spec().type == MetricType::histogram) {
        const size_t n = family.spec().bounds.size() + 1;
        buckets_ = std::make_unique<std::atomic<uint64_t>[]>(n);
        for (size_t i = 0; i < n; ++i)
            buckets_[i].store(0, std::memory_order_relaxed);
    }
}

void Series::add(double delta) {
    const MetricType type = family_.spec().type;
    if (type == MetricType::histogram) return;
    if (type == MetricType::counter && !(delta >= 0)) return;  // also refuses NaN
    value_.fetch_add(delta, std::memory_order_relaxed);
}

void Series::set(double value) {
    if (family_.spec().type != MetricType::gauge) return;
    value_.store(value, std::memory_order_relaxed);
}

void Series::set_total(double total) {
    if (family_.spec().type != MetricType::counter) return;
    double seen = value_.load(std::memory_order_relaxed);
    while (total > seen && !value_.compare_exchange_weak(seen, total, std::memory_order_relaxed)) {
    }
}

void Series::observe(double value) {
    if (family_.spec().type != MetricType::histogram || std::isnan(value)) return;
    const std::vector<double>& bounds = family_.spec().bounds;
    // The first bucket whose upper bound holds the value (le: less than or equal).
    const size_t bucket =
        static_cast<size_t>(std::lower_bound(bounds.begin(), bounds.end(), value) - bounds.begin());
    value_.fetch_add(value, std::memory_order_relaxed);
    buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
}

SeriesSample Series::sample(std::vector<std::string> label_values) const {
    SeriesSample out;
    out.label_values = std::move(label_values);
    out.value = value_.load(std::memory_order_relaxed);
    if (buckets_) {
        // Cumulative from the per-bucket counts read once each: the +Inf bucket (the count)
        // is their sum, so the sample is consistent even while observations land.
        const size_t n = family_.spec().bounds.size() + 1;
        uint64_t running = 0;
        for (size_t i = 0; i < n; ++i) {
            running += buckets_[i].load(std::memory_order_relaxed);
            out.buckets.push_back(running);
        }
        out.sum = out.value;
        out.value = 0;
    }
    return out;
}

Series* Family::series(const std::vector<std::string>& label_values) {
    if (label_values.size() != spec_.label_names.size()) return nullptr;
    std::lock_guard lock(mutex_);
    Series& series = series_.try_emplace(encode_series_key(label_values), *this).first->second;
    series.set_visible(true);
    return &series;
}

FamilySample Family::sample() const {
    FamilySample out;
    out.name = spec_.name;
    out.help = spec_.help;
    out.type = spec_.type;
    out.label_names = spec_.label_names;
    out.bounds = spec_.bounds;
    std::lock_guard lock(mutex_);
    out.series.reserve(series_.size());
    for (const auto& [key, series] : series_) {
        if (series.visible()) {
            out.series.push_back(series.sample(decode_series_key(key, spec_.label_names.size())));
        }
    }
    return out;
}

Family* Registry::family(const FamilySpec& spec, std::string& error) {
    error = spec_error(spec);
    if (!error.empty()) return nullptr;
    std::lock_guard lock(mutex_);
    auto it = families_.find(spec.name);
    if (it == families_.end()) {
        it = families_.emplace(spec.name, std::make_unique<Family>(spec)).first;
    } else if (!(it->second->spec() == spec)) {
        error = "metric " + spec.name + " is already declared with another type, help, labels " +
                "or buckets";
        return nullptr;
    }
    return it->second.get();
}

void Registry::on_scrape(std::function<void()> refresh) {
    std::lock_guard lock(mutex_);
    refreshes_.push_back(std::move(refresh));
}

std::vector<FamilySample> Registry::collect() {
    std::vector<std::function<void()>> refreshes;
    std::vector<const Family*> families;
    {
        std::lock_guard lock(mutex_);
        refreshes = refreshes_;
        for (const auto& [name, family] : families_)
            families.push_back(family.get());
    }
    // Outside the registry's lock: a refresh declares and updates like anyone else.
    for (const auto& refresh : refreshes)
        refresh();
    std::vector<FamilySample> out;
    out.reserve(families.size());
    for (const Family* family : families)
        out.push_back(family->sample());
    return out;
}

Family& declare(Registry& registry, const FamilySpec& spec) {
    std::string error;
    Family* family = registry.family(spec, error);
    if (family == nullptr) throw std::logic_error(error);
    return *family;
}

}  // namespace routerd::metrics
