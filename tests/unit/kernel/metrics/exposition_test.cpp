// The Prometheus text format 0.0.4, byte for byte: HELP/TYPE lines, label and help escaping,
// special values, histograms' buckets, sum and count.
#include "metrics/exposition.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace routerd::metrics {
namespace {

FamilySample family(std::string name, MetricType type, std::vector<std::string> labels = {},
                    std::vector<double> bounds = {}) {
    FamilySample f;
    f.name = std::move(name);
    f.help = "Help.";
    f.type = type;
    f.label_names = std::move(labels);
    f.bounds = std::move(bounds);
    return f;
}

SeriesSample value(std::vector<std::string> labels, double v) {
    SeriesSample s;
    s.label_values = std::move(labels);
    s.value = v;
    return s;
}

TEST(Exposition, CounterWithoutLabels) {
    FamilySample f = family("routerd_events_total", MetricType::counter);
    f.series.push_back(value({}, 42));
    EXPECT_EQ(render({f}),
              "# HELP routerd_events_total Help.\n"
              "# TYPE routerd_events_total counter\n"
              "routerd_events_total 42\n");
}

TEST(Exposition, GaugeWithLabelsInDeclarationOrder) {
    FamilySample f = family("routerd_vrrp_state", MetricType::gauge, {"instance", "state"});
    f.series.push_back(value({"VI_1", "MASTER"}, 1));
    f.series.push_back(value({"VI_1", "BACKUP"}, 0));
    EXPECT_EQ(render({f}),
              "# HELP routerd_vrrp_state Help.\n"
              "# TYPE routerd_vrrp_state gauge\n"
              "routerd_vrrp_state{instance=\"VI_1\",state=\"MASTER\"} 1\n"
              "routerd_vrrp_state{instance=\"VI_1\",state=\"BACKUP\"} 0\n");
}

TEST(Exposition, AFamilyWithoutSeriesKeepsItsHelpAndType) {
    EXPECT_EQ(render({family("routerd_x", MetricType::gauge)}),
              "# HELP routerd_x Help.\n# TYPE routerd_x gauge\n");
}

TEST(Exposition, FamiliesInTheGivenOrder) {
    FamilySample a = family("a", MetricType::gauge);
    FamilySample b = family("b", MetricType::counter);
    a.series.push_back(value({}, 1));
    b.series.push_back(value({}, 2));
    EXPECT_EQ(render({b, a}),
              "# HELP b Help.\n# TYPE b counter\nb 2\n# HELP a Help.\n# TYPE a gauge\na 1\n");
}

TEST(Exposition, LabelValuesEscapeBackslashQuoteAndNewline) {
    EXPECT_EQ(escape_label_value(R"(a\b"c)"
                                 "\n"
                                 "d"),
              R"(a\\b\"c\nd)");
    FamilySample f = family("m", MetricType::gauge, {"l"});
    f.series.push_back(value({"say \"hi\"\nC:\\"}, 1));
    EXPECT_EQ(render({f}), "# HELP m Help.\n# TYPE m gauge\nm{l=\"say \\\"hi\\\"\\nC:\\\\\"} 1\n");
}

TEST(Exposition, LabelValuesKeepUtf8AndOtherBytes) {
    EXPECT_EQ(escape_label_value("é\t{}=,"), "é\t{}=,");
}

TEST(Exposition, HelpEscapesBackslashAndNewlineButNotQuotes) {
    EXPECT_EQ(escape_help("a \"quoted\" \\ path\nnext"), "a \"quoted\" \\\\ path\\nnext");
    FamilySample f = family("m", MetricType::gauge);
    f.help = "two\nlines";
    EXPECT_EQ(render({f}), "# HELP m two\\nlines\n# TYPE m gauge\n");
}

TEST(Exposition, Values) {
    EXPECT_EQ(format_value(0), "0");
    EXPECT_EQ(format_value(-0.0), "-0");
    EXPECT_EQ(format_value(1), "1");
    EXPECT_EQ(format_value(-3), "-3");
    EXPECT_EQ(format_value(0.25), "0.25");
    EXPECT_EQ(format_value(0.1), "0.1");
    EXPECT_EQ(format_value(1e21), "1e+21");
    EXPECT_EQ(format_value(1.5e-7), "1.5e-07");
    EXPECT_EQ(format_value(1700000000.5), "1700000000.5");
    EXPECT_EQ(format_value(9007199254740993.0), "9007199254740992");
    EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
    EXPECT_EQ(format_value(std::nan("")), "NaN");
}

TEST(Exposition, ValuesReadBackExactly) {
    for (double v : {0.1, 1.0 / 3, 2.5e-300, 123456.789, 1e308}) {
        EXPECT_EQ(std::stod(format_value(v)), v) << format_value(v);
    }
}

TEST(Exposition, HistogramBucketsSumAndCount) {
    FamilySample f = family("d_seconds", MetricType::histogram, {"type"}, {0.005, 0.1, 1});
    SeriesSample s;
    s.label_values = {"tcp"};
    s.buckets = {1, 3, 3, 4};  // cumulative; the last is +Inf
    s.sum = 2.75;
    f.series.push_back(s);
    EXPECT_EQ(render({f}),
              "# HELP d_seconds Help.\n"
              "# TYPE d_seconds histogram\n"
              "d_seconds_bucket{type=\"tcp\",le=\"0.005\"} 1\n"
              "d_seconds_bucket{type=\"tcp\",le=\"0.1\"} 3\n"
              "d_seconds_bucket{type=\"tcp\",le=\"1\"} 3\n"
              "d_seconds_bucket{type=\"tcp\",le=\"+Inf\"} 4\n"
              "d_seconds_sum{type=\"tcp\"} 2.75\n"
              "d_seconds_count{type=\"tcp\"} 4\n");
}

TEST(Exposition, HistogramWithoutLabelsGetsOnlyLe) {
    FamilySample f = family("h", MetricType::histogram, {}, {1});
    SeriesSample s;
    s.buckets = {0, 0};
    f.series.push_back(s);
    EXPECT_EQ(render({f}),
              "# HELP h Help.\n# TYPE h histogram\n"
              "h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 0\nh_sum 0\nh_count 0\n");
}

TEST(Exposition, TypeNames) {
    EXPECT_EQ(type_name(MetricType::counter), "counter");
    EXPECT_EQ(type_name(MetricType::gauge), "gauge");
    EXPECT_EQ(type_name(MetricType::histogram), "histogram");
}

TEST(Exposition, MetricNames) {
    for (const char* good : {"a", "_a", ":a", "routerd_vrrp_adverts_sent_total", "a:b_c9"})
        EXPECT_TRUE(valid_metric_name(good)) << good;
    for (const char* bad : {"", "9a", "a-b", "a b", "é", "a.b", "a{b}"})
        EXPECT_FALSE(valid_metric_name(bad)) << bad;
}

TEST(Exposition, LabelNames) {
    for (const char* good : {"a", "_a", "instance", "a9_b"})
        EXPECT_TRUE(valid_label_name(good)) << good;
    for (const char* bad : {"", "9a", "a:b", "__name__", "__x", "a-b", "a b"})
        EXPECT_FALSE(valid_label_name(bad)) << bad;
}

}  // namespace
}  // namespace routerd::metrics
