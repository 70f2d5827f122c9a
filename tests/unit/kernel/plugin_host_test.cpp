// The host table as a real plugin (tests/plugins/test_service.cpp) uses it through the SDK.
#include <nlohmann/json.hpp>

#include "config/document.hpp"
#include "host/heartbeats.hpp"
#include "host_fixture.hpp"

using routerd::ConfigDocument;
using routerd::test::HostFixture;
using routerd::test::test_plugin;

namespace {

class PluginHostTest : public HostFixture {
  protected:
    void SetUp() override {
        HostFixture::SetUp();
        plugin = registry.load_file(test_plugin("test_service"));
        ASSERT_NE(plugin, nullptr) << registry.refusals().back().to_string();
    }
    nlohmann::json command(const std::string& request) {
        std::string answer;
        auto error = plugin->command(request, answer);
        EXPECT_FALSE(error) << *error;
        return nlohmann::json::parse(answer);
    }
    template <class F>
    bool eventually(F done) {
        for (int i = 0; i < 5000 && !done(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return done();
    }
    routerd::PluginHost* plugin = nullptr;
};

}  // namespace

TEST_F(PluginHostTest, ConfigureReportsEveryErrorWithPositions) {
    auto doc = ConfigDocument::parse(R"([test-service]
greeting = 5
count = 11
interval = "3 days"
enabled = "no"
mode = "fsat"
tags = ["a", 2]
)",
                                     "routerd.toml");
    const auto& section = doc->get(doc->root(), "test-service");
    EXPECT_TRUE(plugin->configure(section.as_c(), true).has_value());
    const auto all = doc->diagnostics().all();
    ASSERT_EQ(all.size(), 6u) << doc->diagnostics().to_string();
    EXPECT_EQ(all[0].to_string(),
              "routerd.toml:2:12: test-service.greeting: expected a string, found an integer");
    EXPECT_EQ(all[1].to_string(), "routerd.toml:3:9: test-service.count: 11 is out of range 1..10");
    EXPECT_NE(all[2].to_string().find("routerd.toml:4:12: test-service.interval: '3 days'"),
              std::string::npos);
    EXPECT_EQ(all[3].to_string(),
              "routerd.toml:5:11: test-service.enabled: expected a boolean, found a string");
    EXPECT_EQ(all[4].to_string(),
              "routerd.toml:6:8: test-service.mode: 'fsat' is not one of fast, slow");
    EXPECT_EQ(all[5].to_string(),
              "routerd.toml:7:14: test-service.tags[1]: expected a string, found an integer");
}

TEST_F(PluginHostTest, DryRunChangesNothing) {
    auto doc = ConfigDocument::parse("[test-service]\ngreeting = \"hi\"\n", "r.toml");
    const auto& section = doc->get(doc->root(), "test-service");
    EXPECT_FALSE(plugin->configure(section.as_c(), true).has_value());
    auto status = nlohmann::json::parse(plugin->status());
    EXPECT_EQ(status["greeting"], "hello");
    EXPECT_EQ(status["applied"], 0);
    EXPECT_FALSE(plugin->configure(section.as_c(), false).has_value());
    status = nlohmann::json::parse(plugin->status());
    EXPECT_EQ(status["greeting"], "hi");
    EXPECT_EQ(status["applied"], 1);
}

TEST_F(PluginHostTest, ExceptionsBecomeErrorsWithTheMessage) {
    auto doc = ConfigDocument::parse("[test-service]\nfail_with = \"disk on fire\"\n", "r.toml");
    auto error = plugin->configure(doc->get(doc->root(), "test-service").as_c(), false);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(*error, "disk on fire");
    std::string answer;
    auto command_error = plugin->command("{\"what\":\"nonsense\"}", answer);
    ASSERT_TRUE(command_error.has_value());
    EXPECT_EQ(*command_error, "unknown request");
}

TEST_F(PluginHostTest, BusStoreAndTimersThroughTheSdk) {
    ASSERT_FALSE(plugin->start().has_value());
    EXPECT_EQ(command("{\"publish\":1}")["published"], true);
    ASSERT_TRUE(eventually([&] { return nlohmann::json::parse(plugin->status())["events"] == 1; }));
    EXPECT_EQ(command("{\"count\":1}")["rows"], 1);
    const auto rows = store.query("", "SELECT subject, state FROM test_service__events");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], (routerd::Store::Row{"from-command", "7"}));

    command("{\"timer\":1}");
    ASSERT_TRUE(eventually([&] { return command("{\"timers\":1}")["fired"] == 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(command("{\"timers\":1}")["fired"], 1);  // the cancelled timer never fires
}

// A timer still pending when the plugin stops is cancelled, and its handler, which frees the
// task the plugin gave for it, has run when stop() returns: later, the plugin may be gone.
// (stop() waits for every handler: under load one flush of the strand was not always enough,
// and AddressSanitizer found the ipvs forwarder's housekeeping task leaked at a stop.)
TEST_F(PluginHostTest, StopFreesThePendingTimersTasks) {
    ASSERT_FALSE(plugin->start().has_value());
    command("{\"pending_timer\":1}");
    command("{\"pending_timer\":1}");
    EXPECT_EQ(command("{\"timer_tasks\":1}")["alive"], 2);
    plugin->stop();
    EXPECT_EQ(command("{\"timer_tasks\":1}")["alive"], 0);
}

TEST_F(PluginHostTest, HeartbeatsThroughTheSdk) {
    using std::chrono::hours;
    routerd::Heartbeats heartbeats(hours(1));
    services.heartbeats = &heartbeats;
    const auto declared = routerd::Heartbeats::Clock::now();
    EXPECT_EQ(command("{\"beat_declare\":1}")["interval_ns"], 3'600'000'000'000);
    auto beats = heartbeats.beats(declared + hours(3));
    ASSERT_EQ(beats.size(), 1u);
    EXPECT_EQ(beats[0].name, "test-service: loop");
    EXPECT_TRUE(beats[0].stale);
    EXPECT_TRUE(heartbeats.stale(declared + hours(1)).empty());

    // Fed: younger than it was, at the same instant.
    const auto later = declared + hours(1);
    const auto age_before = heartbeats.beats(later).at(0).age;
    command("{\"beat_feed\":1}");
    EXPECT_LT(heartbeats.beats(later).at(0).age, age_before);

    command("{\"beat_retire\":1}");
    EXPECT_TRUE(heartbeats.beats(later).empty());
}

TEST_F(PluginHostTest, HeartbeatsWithoutAWatchingHostDoNothing) {
    EXPECT_EQ(command("{\"beat_declare\":1}")["interval_ns"], 1'000'000'000);
    command("{\"beat_feed\":1}");
    command("{\"beat_retire\":1}");
}

TEST_F(PluginHostTest, StoreAccessOutsideTheNamespaceIsRefused) {
    ASSERT_FALSE(plugin->start().has_value());
    std::string answer;
    auto error = plugin->command("{\"foreign\":1}", answer);
    ASSERT_TRUE(error.has_value());
    EXPECT_NE(error->find("host refused store_query"), std::string::npos) << *error;
}

TEST_F(PluginHostTest, StopEndsSubscriptions) {
    ASSERT_FALSE(plugin->start().has_value());
    plugin->stop();
    routerd::sdk::Event e;
    e.type = ROUTERD_EVENT_CUSTOM;
    bus.publish(e);
    runtime.run_on(plugin->strand(), [] {});
    EXPECT_EQ(nlohmann::json::parse(plugin->status())["events"], 0);
}

TEST_F(PluginHostTest, FindPluginHandsOutTablesOfCalledKindsOnly) {
    ASSERT_NE(registry.load_file(test_plugin("test_checker")), nullptr);
    const auto found = command("{\"find\":1}");
    EXPECT_EQ(found["checker"], true);
    EXPECT_EQ(found["service"], false);  // services meet others on the bus only
}
