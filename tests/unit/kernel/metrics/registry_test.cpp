// The registry: declarations (refused with a reason, or shared when alike), series that hide
// and come back, updates by type, histogram buckets, and updates from many threads while
// scrapes run.
#include "metrics/registry.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <vector>

namespace routerd::metrics {
namespace {

FamilySpec gauge(std::string name, std::vector<std::string> labels = {}) {
    return {MetricType::gauge, std::move(name), "Help.", std::move(labels)};
}

std::string refusal(Registry& registry, const FamilySpec& spec) {
    std::string error;
    EXPECT_EQ(registry.family(spec, error), nullptr);
    return error;
}

TEST(Registry, RefusesBadSpecsWithTheReason) {
    Registry r;
    EXPECT_EQ(refusal(r, gauge("9bad")), "'9bad' is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
    EXPECT_EQ(refusal(r, gauge("m", {"ok", "bad-label"})),
              "m: 'bad-label' is not a label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)");
    EXPECT_EQ(refusal(r, gauge("m", {"__reserved"})).substr(0, 16), "m: '__reserved' ");
    EXPECT_EQ(refusal(r, gauge("m", {"a", "a"})), "m: label 'a' appears twice");
    EXPECT_EQ(refusal(r, {MetricType::histogram, "h", "Help.", {"le"}, {1}}),
              "h: a histogram's label cannot be 'le' (its buckets use it)");
    EXPECT_EQ(refusal(r, {MetricType::gauge, "g", "Help.", {}, {1}}),
              "g: only a histogram has buckets");
    EXPECT_EQ(refusal(r, {MetricType::histogram, "h", "Help.", {}, {1, 1}}),
              "h: bucket bounds must be strictly increasing");
    EXPECT_EQ(refusal(r, {MetricType::histogram, "h", "Help.", {}, {2, 1}}),
              "h: bucket bounds must be strictly increasing");
    EXPECT_EQ(refusal(r, {MetricType::histogram, "h", "Help.", {}, {1, INFINITY}}),
              "h: bucket bounds must be finite (+Inf is implied)");
    EXPECT_TRUE(r.collect().empty());
}

TEST(Registry, TheSameDeclarationGivesTheSameFamilyAnotherIsRefused) {
    Registry r;
    std::string error;
    Family* first = r.family(gauge("m", {"a"}), error);
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(r.family(gauge("m", {"a"}), error), first);
    EXPECT_EQ(refusal(r, gauge("m", {"b"})),
              "metric m is already declared with another type, help, labels or buckets");
    EXPECT_NE(refusal(r, {MetricType::counter, "m", "Help.", {"a"}}), "");
    EXPECT_NE(refusal(r, {MetricType::gauge, "m", "Other help.", {"a"}}), "");
}

TEST(Registry, SeriesNeedOneValuePerLabel) {
    Registry r;
    Family& f = declare(r, gauge("m", {"a", "b"}));
    EXPECT_EQ(f.series({"x"}), nullptr);
    EXPECT_EQ(f.series({"x", "y", "z"}), nullptr);
    EXPECT_NE(f.series({"x", "y"}), nullptr);
    EXPECT_EQ(f.series({"x", "y"}), f.series({"x", "y"}));
}

TEST(Registry, CollectsFamiliesByNameAndSeriesByLabels) {
    Registry r;
    declare(r, gauge("zeta")).series({})->set(1);
    Family& alpha = declare(r, gauge("alpha", {"l"}));
    alpha.series({"b"})->set(2);
    alpha.series({"a"})->set(3);
    EXPECT_EQ(r.scrape(),
              "# HELP alpha Help.\n# TYPE alpha gauge\nalpha{l=\"a\"} 3\nalpha{l=\"b\"} 2\n"
              "# HELP zeta Help.\n# TYPE zeta gauge\nzeta 1\n");
}

TEST(Registry, UpdatesFollowTheType) {
    Registry r;
    Series* c = declare(r, {MetricType::counter, "c_total", "Help."}).series({});
    c->add(2);
    c->add(-1);   // a counter never goes down
    c->add(NAN);  // nor becomes NaN
    c->set(100);  // nor is set
    c->observe(5);
    Series* g = declare(r, gauge("g")).series({});
    g->add(2);
    g->add(-5);
    g->observe(1);
    EXPECT_EQ(c->sample({}).value, 2);
    EXPECT_EQ(g->sample({}).value, -3);
    g->set(7.5);
    EXPECT_EQ(g->sample({}).value, 7.5);
}

TEST(Registry, SetTotalMirrorsACountThatOnlyGrows) {
    Registry r;
    Series* c = declare(r, {MetricType::counter, "c_total", "Help."}).series({});
    c->set_total(10);
    c->set_total(4);  // a lower reading (a restarted source) does not take it back
    EXPECT_EQ(c->sample({}).value, 10);
    c->set_total(12.5);
    EXPECT_EQ(c->sample({}).value, 12.5);
    Series* g = declare(r, gauge("g")).series({});
    g->set_total(3);  // gauges are set, not mirrored
    EXPECT_EQ(g->sample({}).value, 0);
}

TEST(Registry, HistogramCountsEachObservationInTheFirstBucketThatHoldsIt) {
    Registry r;
    Series* h = declare(r, {MetricType::histogram, "h", "Help.", {}, {0.1, 1, 10}}).series({});
    for (double v : {0.05, 0.1, 0.5, 1.0, 9.0, 11.0, 1e9})
        h->observe(v);
    h->observe(NAN);  // ignored
    h->add(1);        // not a histogram's
    const SeriesSample s = h->sample({});
    EXPECT_EQ(s.buckets, (std::vector<uint64_t>{2, 4, 5, 7}));  // le 0.1, 1, 10, +Inf
    EXPECT_DOUBLE_EQ(s.sum, 0.05 + 0.1 + 0.5 + 1.0 + 9.0 + 11.0 + 1e9);
    EXPECT_EQ(s.value, 0);
}

TEST(Registry, ARemovedSeriesLeavesTheExpositionAndComesBackWithItsCount) {
    Registry r;
    Family& f = declare(r, {MetricType::counter, "c_total", "Help.", {"i"}});
    Series* s = f.series({"VI_1"});
    s->add(5);
    s->set_visible(false);
    EXPECT_EQ(r.scrape(), "# HELP c_total Help.\n# TYPE c_total counter\n");
    s->add(1);  // an update through a kept pointer is harmless
    EXPECT_EQ(f.series({"VI_1"}), s);
    EXPECT_EQ(r.scrape(), "# HELP c_total Help.\n# TYPE c_total counter\nc_total{i=\"VI_1\"} 6\n");
}

TEST(Registry, RefreshesRunAtEachScrape) {
    Registry r;
    Series* g = declare(r, gauge("g")).series({});
    int scrapes = 0;
    r.on_scrape([&] { g->set(++scrapes); });
    EXPECT_EQ(r.scrape(), "# HELP g Help.\n# TYPE g gauge\ng 1\n");
    EXPECT_EQ(r.scrape(), "# HELP g Help.\n# TYPE g gauge\ng 2\n");
}

TEST(Registry, ConcurrentUpdatesAndScrapesLoseNothing) {
    Registry r;
    Family& counters = declare(r, {MetricType::counter, "c_total", "Help.", {"t"}});
    Family& histogram = declare(r, {MetricType::histogram, "h", "Help.", {}, {0.5}});
    constexpr int kThreads = 4;
    constexpr int kUpdates = 20000;
    std::atomic<bool> done{false};
    std::thread scraper([&] {
        while (!done) {
            // Every sample is consistent: the +Inf bucket is the count, never below a bucket.
            for (const FamilySample& f : r.collect()) {
                for (const SeriesSample& s : f.series) {
                    for (size_t i = 1; i < s.buckets.size(); ++i)
                        ASSERT_LE(s.buckets[i - 1], s.buckets[i]);
                }
            }
        }
    });
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
        writers.emplace_back([&, t] {
            Series* shared = counters.series({"shared"});
            Series* own = counters.series({std::to_string(t)});
            Series* h = histogram.series({});
            for (int i = 0; i < kUpdates; ++i) {
                shared->add(1);
                own->add(0.5);
                h->observe(i % 2 == 0 ? 0.25 : 0.75);
            }
        });
    }
    for (auto& w : writers)
        w.join();
    done = true;
    scraper.join();
    EXPECT_EQ(counters.series({"shared"})->sample({}).value, kThreads * kUpdates);
    for (int t = 0; t < kThreads; ++t)
        EXPECT_EQ(counters.series({std::to_string(t)})->sample({}).value, kUpdates * 0.5);
    const SeriesSample h = histogram.series({})->sample({});
    EXPECT_EQ(h.buckets, (std::vector<uint64_t>{kThreads * kUpdates / 2, kThreads * kUpdates}));
    EXPECT_DOUBLE_EQ(h.sum, kThreads * kUpdates / 2 * (0.25 + 0.75));
}

}  // namespace
}  // namespace routerd::metrics
