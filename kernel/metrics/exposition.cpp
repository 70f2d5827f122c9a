#include "metrics/exposition.hpp"

#include <charconv>
#include <cmath>

namespace routerd::metrics {
namespace {

bool name_char(char c, bool first, bool colon_allowed) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (letter || (colon_allowed && c == ':')) return true;
    return !first && c >= '0' && c <= '9';
}

bool valid_name(std::string_view name, bool colon_allowed) {
    if (name.empty()) return false;
    for (size_t i = 0; i < name.size(); ++i) {
        if (!name_char(name[i], i == 0, colon_allowed)) return false;
    }
    return true;
}

// `{a="x",b="y"}` from the names and values, plus one more pair (histograms' le) when given.
void write_labels(std::string& out, const std::vector<std::string>& names,
                  const std::vector<std::string>& values, std::string_view extra_name = {},
                  std::string_view extra_value = {}) {
    if (names.empty() && extra_name.empty()) return;
    out += '{';
    bool first = true;
    auto pair = [&](std::string_view name, std::string_view value) {
        if (!first) out += ',';
        first = false;
        out += name;
        out += "=\"";
        out += escape_label_value(value);
        out += '"';
    };
    for (size_t i = 0; i < names.size() && i < values.size(); ++i)
        pair(names[i], values[i]);
    if (!extra_name.empty()) pair(extra_name, extra_value);
    out += '}';
}

void write_sample(std::string& out, std::string_view name, std::string_view suffix,
                  const std::vector<std::string>& names, const std::vector<std::string>& values,
                  const std::string& value, std::string_view le = {}) {
    out += name;
    out += suffix;
    write_labels(out, names, values, le.empty() ? std::string_view() : "le", le);
    out += ' ';
    out += value;
    out += '\n';
}

void write_histogram(std::string& out, const FamilySample& family, const SeriesSample& series) {
    for (size_t i = 0; i < series.buckets.size(); ++i) {
        const std::string le = i < family.bounds.size() ? format_value(family.bounds[i]) : "+Inf";
        write_sample(out, family.name, "_bucket", family.label_names, series.label_values,
                     std::to_string(series.buckets[i]), le);
    }
    const uint64_t count = series.buckets.empty() ? 0 : series.buckets.back();
    write_sample(out, family.name, "_sum", family.label_names, series.label_values,
                 format_value(series.sum));
    write_sample(out, family.name, "_count", family.label_names, series.label_values,
                 std::to_string(count));
}

}  // namespace

std::string_view type_name(MetricType type) {
    switch (type) {
        case MetricType::counter:
            return "counter";
        case MetricType::gauge:
            return "gauge";
        case MetricType::histogram:
            return "histogram";
    }
    return "untyped";
}

std::string format_value(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string escape_help(std::string_view help) {
    std::string out;
    out.reserve(help.size());
    for (const char c : help) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

bool valid_metric_name(std::string_view name) {
    return valid_name(name, true);
}

bool valid_label_name(std::string_view name) {
    return valid_name(name, false) && !name.starts_with("__");
}

std::string render(const std::vector<FamilySample>& families) {
    std::string out;
    for (const FamilySample& family : families) {
        out += "# HELP ";
        out += family.name;
        out += ' ';
        out += escape_help(family.help);
        out += "\n# TYPE ";
        out += family.name;
        out += ' ';
        out += type_name(family.type);
        out += '\n';
        for (const SeriesSample& series : family.series) {
            if (family.type == MetricType::histogram) {
                write_histogram(out, family, series);
            } else {
                write_sample(out, family.name, "", family.label_names, series.label_values,
                             format_value(series.value));
            }
        }
    }
    return out;
}

}  // namespace routerd::metrics
