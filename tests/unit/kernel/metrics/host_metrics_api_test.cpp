// The metrics calls of the host table as a plugin makes them, through the SDK's Host: families
// declared (or refused, with the why), series updated, removed and shown again.
#include <routerd/sdk/host.hpp>

#include "host/plugin_host.hpp"
#include "host_fixture.hpp"

namespace routerd {
namespace {

class HostMetricsApi : public test::HostFixture {
  protected:
    void SetUp() override {
        HostFixture::SetUp();
        plugin = registry.load_file(test::test_plugin("test_service"));
        ASSERT_NE(plugin, nullptr) << registry.refusals().back().to_string();
    }
    sdk::Host host() const { return sdk::Host(plugin->as_c(), &host_api()); }
    PluginHost* plugin = nullptr;
};

TEST_F(HostMetricsApi, CounterGaugeAndHistogramThroughTheSdk) {
    const sdk::Metric sent =
        host().counter({"routerd_test_sent_total", "Sent.", {"peer"}}).series({"a"});
    const sdk::Metric level = host().gauge({"routerd_test_level", "Level."}).series({});
    const sdk::Metric took =
        host().histogram({"routerd_test_seconds", "Took.", {}, {0.1, 1}}).series({});
    sent.add();
    sent.add(2);
    level.set(5);
    level.add(-1.5);
    took.observe(0.05);
    took.observe(3);
    EXPECT_EQ(metrics.scrape(),
              "# HELP routerd_test_level Level.\n# TYPE routerd_test_level gauge\n"
              "routerd_test_level 3.5\n"
              "# HELP routerd_test_seconds Took.\n# TYPE routerd_test_seconds histogram\n"
              "routerd_test_seconds_bucket{le=\"0.1\"} 1\n"
              "routerd_test_seconds_bucket{le=\"1\"} 1\n"
              "routerd_test_seconds_bucket{le=\"+Inf\"} 2\n"
              "routerd_test_seconds_sum 3.05\nrouterd_test_seconds_count 2\n"
              "# HELP routerd_test_sent_total Sent.\n# TYPE routerd_test_sent_total counter\n"
              "routerd_test_sent_total{peer=\"a\"} 3\n");
}

TEST_F(HostMetricsApi, ARefusedFamilyThrowsAndTheHostKnowsWhy) {
    EXPECT_THROW(host().gauge({"bad name", "Help."}), std::runtime_error);
    EXPECT_EQ(plugin->take_error(), "'bad name' is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
    host().gauge({"routerd_test_g", "Help."});
    EXPECT_THROW(host().counter({"routerd_test_g", "Help."}), std::runtime_error);
    EXPECT_EQ(plugin->take_error(),
              "metric routerd_test_g is already declared with another type, help, labels or "
              "buckets");
}

TEST_F(HostMetricsApi, AWrongNumberOfLabelValuesIsRefused) {
    const sdk::MetricFamily f = host().gauge({"routerd_test_g", "Help.", {"a", "b"}});
    EXPECT_THROW(f.series({"only one"}), std::runtime_error);
    EXPECT_EQ(plugin->take_error(), "routerd_test_g: 1 label values for 2 labels");
}

TEST_F(HostMetricsApi, RemovedSeriesComeBackWhenAskedFor) {
    const sdk::MetricFamily f = host().counter({"routerd_test_total", "Help.", {"i"}});
    f.series({"VI_1"}).add(4);
    f.series({"VI_1"}).remove();
    EXPECT_EQ(metrics.scrape().find("VI_1"), std::string::npos);
    f.series({"VI_1"}).add(1);
    EXPECT_NE(metrics.scrape().find("routerd_test_total{i=\"VI_1\"} 5\n"), std::string::npos);
}

TEST_F(HostMetricsApi, UnknownTypeIsRefused) {
    const routerd_host_api_t& api = host_api();
    EXPECT_EQ(api.metric_family(plugin->as_c(), static_cast<routerd_metric_type_t>(9),
                                sdk::to_c("routerd_x"), sdk::to_c("Help."), nullptr, 0, nullptr, 0),
              nullptr);
    EXPECT_EQ(plugin->take_error(), "metric_family: unknown metric type 9");
}

}  // namespace
}  // namespace routerd
