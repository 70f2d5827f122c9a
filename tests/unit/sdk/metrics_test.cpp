// The SDK's metrics wrapper over the host table (C++17, as vendors build it): what a plugin's
// declarations, series and updates become in the C calls, and a refusal becoming an exception.
#include <routerd/plugin.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace routerd::sdk {
namespace {

// Records every metric call; families and series are indexes into its vectors.
struct Recorder {
    struct Family {
        routerd_metric_type_t type;
        std::string name, help;
        std::vector<std::string> labels;
        std::vector<double> buckets;
    };
    std::vector<Family> families;
    std::vector<std::vector<std::string>> series;
    std::vector<std::string> calls;  // "add 0 1.5", "set 1 3", "observe 2 0.25", "remove 0"
    bool refuse = false;

    static Recorder& of(routerd_host_t* h) { return *reinterpret_cast<Recorder*>(h); }
    routerd_host_t* host() { return reinterpret_cast<routerd_host_t*>(this); }
    static std::size_t index(const void* handle) {
        return reinterpret_cast<std::size_t>(handle) - 1;
    }
    static void record(routerd_host_t* h, const char* what, routerd_metric_t* m, double v) {
        of(h).calls.push_back(std::string(what) + " " + std::to_string(index(m)) + " " +
                              std::to_string(v));
    }

    routerd_host_api_t api() const {
        routerd_host_api_t t{};
        t.size = sizeof t;
        t.metric_family = [](routerd_host_t* h, routerd_metric_type_t type, routerd_str_t name,
                             routerd_str_t help, const routerd_str_t* labels, std::size_t n,
                             const double* buckets, std::size_t nb) -> routerd_metric_family_t* {
            Recorder& r = of(h);
            if (r.refuse) return nullptr;
            Family f{type, std::string(from_c(name)), std::string(from_c(help)), {}, {}};
            for (std::size_t i = 0; i < n; ++i)
                f.labels.emplace_back(from_c(labels[i]));
            f.buckets.assign(buckets, buckets + nb);
            r.families.push_back(f);
            return reinterpret_cast<routerd_metric_family_t*>(r.families.size());
        };
        t.metric_series = [](routerd_host_t* h, routerd_metric_family_t*,
                             const routerd_str_t* values, std::size_t n) -> routerd_metric_t* {
            Recorder& r = of(h);
            if (r.refuse) return nullptr;
            std::vector<std::string> labels;
            for (std::size_t i = 0; i < n; ++i)
                labels.emplace_back(from_c(values[i]));
            r.series.push_back(labels);
            return reinterpret_cast<routerd_metric_t*>(r.series.size());
        };
        t.metric_add = [](routerd_host_t* h, routerd_metric_t* m, double v) {
            record(h, "add", m, v);
        };
        t.metric_set = [](routerd_host_t* h, routerd_metric_t* m, double v) {
            record(h, "set", m, v);
        };
        t.metric_observe = [](routerd_host_t* h, routerd_metric_t* m, double v) {
            record(h, "observe", m, v);
        };
        t.metric_remove = [](routerd_host_t* h, routerd_metric_t* m) { record(h, "remove", m, 0); };
        return t;
    }
};

TEST(SdkMetrics, DeclarationsAndUpdatesReachTheHostTable) {
    Recorder recorder;
    const routerd_host_api_t api = recorder.api();
    const Host host(recorder.host(), &api);
    const Metric sent =
        host.counter({"routerd_x_sent_total", "Sent.", {"peer", "kind"}}).series({"a", "b"});
    const Metric level = host.gauge({"routerd_x_level", "Level."}).series({});
    const Metric took = host.histogram({"routerd_x_seconds", "Took.", {}, {0.1, 1}}).series({});
    sent.add();
    level.set(3);
    level.add(-1);
    took.observe(0.25);
    sent.remove();
    ASSERT_EQ(recorder.families.size(), 3u);
    EXPECT_EQ(recorder.families[0].type, ROUTERD_METRIC_COUNTER);
    EXPECT_EQ(recorder.families[0].labels, (std::vector<std::string>{"peer", "kind"}));
    EXPECT_EQ(recorder.families[1].type, ROUTERD_METRIC_GAUGE);
    EXPECT_EQ(recorder.families[2].type, ROUTERD_METRIC_HISTOGRAM);
    EXPECT_EQ(recorder.families[2].buckets, (std::vector<double>{0.1, 1}));
    EXPECT_EQ(recorder.series[0], (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(recorder.calls,
              (std::vector<std::string>{"add 0 1.000000", "set 1 3.000000", "add 1 -1.000000",
                                        "observe 2 0.250000", "remove 0 0.000000"}));
}

TEST(SdkMetrics, SampledCounterAddsOnlyTheGrowth) {
    Recorder recorder;
    const routerd_host_api_t api = recorder.api();
    const Host host(recorder.host(), &api);
    SampledCounter bytes(host.counter({"routerd_x_bytes_total", "Bytes."}).series({}));
    bytes.update(10);
    bytes.update(10);
    bytes.update(25);
    bytes.update(5);   // the source restarted: nothing taken back
    bytes.update(12);  // and its growth counts again from there
    EXPECT_EQ(recorder.calls,
              (std::vector<std::string>{"add 0 10.000000", "add 0 15.000000", "add 0 7.000000"}));
}

TEST(SdkMetrics, RefusalsThrow) {
    Recorder recorder;
    const routerd_host_api_t api = recorder.api();
    const Host host(recorder.host(), &api);
    const MetricFamily family = host.gauge({"routerd_x", "X.", {"a"}});
    recorder.refuse = true;
    EXPECT_THROW(host.gauge({"routerd_y", "Y."}), std::runtime_error);
    EXPECT_THROW(family.series({"a"}), std::runtime_error);
}

TEST(SdkMetrics, DetachedMetricsDoNothing) {
    const MetricFamily family;
    EXPECT_FALSE(family.attached());
    const Metric metric = family.series({"a"});
    EXPECT_FALSE(metric.attached());
    metric.add();
    metric.set(1);
    metric.observe(1);
    metric.remove();
    SampledCounter counter(metric);
    counter.update(5);
}

}  // namespace
}  // namespace routerd::sdk
