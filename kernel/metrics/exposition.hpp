// The Prometheus text exposition format, version 0.0.4: samples in, bytes out. Pure, so that
// its unit tests give it every case (escaping, special values, histograms) without a registry.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::metrics {

enum class MetricType { counter, gauge, histogram };

// "counter", "gauge", "histogram": the TYPE line's word.
std::string_view type_name(MetricType type);

// One series as read at a scrape. A histogram's `buckets` are cumulative counts, one per
// upper bound of its family and one more for +Inf (which equals its count).
struct SeriesSample {
    std::vector<std::string> label_values;
    double value = 0;  // counter, gauge
    std::vector<uint64_t> buckets;
    double sum = 0;
};

struct FamilySample {
    std::string name;
    std::string help;
    MetricType type = MetricType::gauge;
    std::vector<std::string> label_names;
    std::vector<double> bounds;  // a histogram's bucket upper bounds, without +Inf
    std::vector<SeriesSample> series;
};

// The exposition of `families` in the given order: HELP and TYPE lines, then one line per
// sample (histograms: _bucket per bound with `le`, +Inf last, then _sum and _count).
// A family without series still gets its HELP and TYPE.
std::string render(const std::vector<FamilySample>& families);

// A sample value as the format writes it: the shortest text that reads back to the same
// double; "+Inf", "-Inf", "NaN".
std::string format_value(double value);
// A label value between its quotes: backslash, double quote and newline escaped.
std::string escape_label_value(std::string_view value);
// HELP text: backslash and newline escaped.
std::string escape_help(std::string_view help);

// Prometheus's name rules: metric [a-zA-Z_:][a-zA-Z0-9_:]*, label [a-zA-Z_][a-zA-Z0-9_]*
// (names starting with "__" are reserved).
bool valid_metric_name(std::string_view name);
bool valid_label_name(std::string_view name);

}  // namespace routerd::metrics
