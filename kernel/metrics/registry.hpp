// The host's metric registry: families declared by the kernel and by plugins (through the host
// table), their series, and the samples a scrape reads. Declaring families and taking series
// lock a mutex; updating a series is an atomic operation, so the VRRP thread and the data plane
// update without waiting for a scrape, and a scrape never waits for them.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "metrics/exposition.hpp"

namespace routerd::metrics {

// What a family is: two declarations of one name must agree on all of it.
struct FamilySpec {
    FamilySpec(MetricType type_, std::string name_, std::string help_,
               std::vector<std::string> label_names_ = {}, std::vector<double> bounds_ = {})
        : type(type_),
          name(std::move(name_)),
          help(std::move(help_)),
          label_names(std::move(label_names_)),
          bounds(std::move(bounds_)) {}

    MetricType type = MetricType::gauge;
    std::string name;
    std::string help;
    std::vector<std::string> label_names;
    std::vector<double> bounds;  // histograms only: strictly increasing, +Inf implied

    bool operator==(const FamilySpec&) const = default;
};

// Why `spec` cannot be a family (a bad name, label or bucket), or empty when it can.
std::string spec_error(const FamilySpec& spec);

class Family;

// One series: lock-free updates from any thread.
class Series {
  public:
    explicit Series(const Family& family);

    void add(double delta);      // counter (delta >= 0) or gauge
    void set(double value);      // gauge
    void observe(double value);  // histogram
    // A counter that mirrors a count kept elsewhere (the store's failed writes, the process's
    // CPU time), read at each scrape: takes the new total, never a lower one. Kernel-only: a
    // plugin's counters count through add().
    void set_total(double total);
    void set_visible(bool visible) { visible_.store(visible, std::memory_order_relaxed); }
    bool visible() const { return visible_.load(std::memory_order_relaxed); }
    // The sample a scrape reads: a histogram's buckets made cumulative.
    SeriesSample sample(std::vector<std::string> label_values) const;

  private:
    const Family& family_;
    std::atomic<double> value_{0};  // counter, gauge; a histogram's sum
    // A histogram's count per bucket (not cumulative: observe touches one), the last one +Inf.
    std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
    std::atomic<bool> visible_{true};
};

class Family {
  public:
    explicit Family(FamilySpec spec) : spec_(std::move(spec)) {}
    const FamilySpec& spec() const { return spec_; }
    // The series with these label values (as many as label names, else nullptr), made at 0
    // when new and made visible again when it was removed. The pointer lives as long as the
    // family.
    Series* series(const std::vector<std::string>& label_values);
    // The visible series, in label-value order.
    FamilySample sample() const;

  private:
    const FamilySpec spec_;
    mutable std::mutex mutex_;  // guards series_ (the map, not the values)
    // Keyed by encode_series_key(label values). A map node holds its series in place: one
    // allocation per series, and a series never moves once made.
    std::map<std::string, Series> series_;
};

class Registry {
  public:
    // The family `spec` names: made when new, the same one when declared again alike.
    // nullptr with `error` set when the spec is bad or the name is taken otherwise.
    Family* family(const FamilySpec& spec, std::string& error);
    // Runs at the start of each scrape, on the exporter's thread: for values read when asked
    // (process memory, the database's size) rather than kept up to date.
    void on_scrape(std::function<void()> refresh);
    // Every family in name order, after the refreshes ran.
    std::vector<FamilySample> collect();
    // The exposition of collect().
    std::string scrape() { return render(collect()); }

  private:
    std::mutex mutex_;  // guards families_ and refreshes_
    std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
    std::vector<std::function<void()>> refreshes_;
};

// The kernel's own declarations: a spec refused is a programming error, thrown as
// std::logic_error.
Family& declare(Registry& registry, const FamilySpec& spec);

}  // namespace routerd::metrics
