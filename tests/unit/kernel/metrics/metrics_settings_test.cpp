#include "metrics/metrics_settings.hpp"

#include <gtest/gtest.h>

namespace routerd::metrics {
namespace {

struct Parsed {
    MetricsSettings settings;
    std::vector<std::string> errors;
};

Parsed parse(const std::string& text) {
    auto doc = ConfigDocument::parse(text, "r.toml");
    Parsed parsed{read_metrics_settings(ConfigView(doc->root())["metrics"]), {}};
    for (const Diagnostic& d : doc->diagnostics().all())
        parsed.errors.push_back(d.to_string());
    return parsed;
}

TEST(MetricsSettings, LoopbackByDefault) {
    const Parsed p = parse("");
    EXPECT_TRUE(p.errors.empty());
    EXPECT_TRUE(p.settings.enabled);
    EXPECT_EQ(to_string(p.settings.listen), "127.0.0.1:9650");
    EXPECT_EQ(to_string(parse("[metrics]\n").settings.listen), kDefaultListen);
}

TEST(MetricsSettings, ListenOnIpv4AndIpv6) {
    EXPECT_EQ(to_string(parse("[metrics]\nlisten = \"10.0.0.1:9100\"\n").settings.listen),
              "10.0.0.1:9100");
    const Parsed v6 = parse("[metrics]\nlisten = \"[::1]:9650\"\n");
    EXPECT_TRUE(v6.errors.empty());
    EXPECT_EQ(to_string(v6.settings.listen), "[::1]:9650");
    EXPECT_TRUE(v6.settings.listen.address().is_v6());
}

TEST(MetricsSettings, Disabled) {
    EXPECT_FALSE(parse("[metrics]\nenabled = false\n").settings.enabled);
}

TEST(MetricsSettings, MistakesNameTheirPosition) {
    EXPECT_EQ(parse("[metrics]\nlisten = \"localhost:9650\"\n").errors,
              std::vector<std::string>{"r.toml:2:10: metrics.listen: 'localhost' is not an IP "
                                       "address (names are not resolved)"});
    EXPECT_EQ(parse("[metrics]\nlisten = \"127.0.0.1\"\n").errors,
              std::vector<std::string>{
                  "r.toml:2:10: metrics.listen: '127.0.0.1': needs a port, e.g. 127.0.0.1:9650"});
    EXPECT_EQ(parse("[metrics]\nlisten = \"127.0.0.1:70000\"\n").errors,
              std::vector<std::string>{
                  "r.toml:2:10: metrics.listen: '127.0.0.1:70000': the port must be 1..65535"});
    EXPECT_EQ(parse("[metrics]\nenabled = \"yes\"\n").errors,
              std::vector<std::string>{
                  "r.toml:2:11: metrics.enabled: expected a boolean, found a string"});
    EXPECT_EQ(parse("metrics = 5\n").errors,
              std::vector<std::string>{"r.toml:1:11: metrics: must be a table ([metrics])"});
}

}  // namespace
}  // namespace routerd::metrics
