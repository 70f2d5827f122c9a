// The kernel's typed read of its own configuration: values straight from the document, every
// mistake reported with its position and key path.
#include "config/config_view.hpp"

#include <gtest/gtest.h>

namespace routerd {
namespace {

using namespace std::chrono_literals;

class ConfigViewTest : public ::testing::Test {
  protected:
    std::unique_ptr<ConfigDocument> doc = ConfigDocument::parse(R"([checks.web]
type = "tcp"
rise = 3
retry = 2000
delay_loop = "1500ms"
warmup = "soon"
alpha = "yes"
weight = 2
ratio = 0.5
)",
                                                                "r.toml");
    ConfigView web = ConfigView(doc->root())["checks"]["web"];

    std::vector<std::string> errors() {
        std::vector<std::string> out;
        for (const Diagnostic& d : doc->diagnostics().all())
            out.push_back(d.to_string());
        return out;
    }
};

TEST_F(ConfigViewTest, ReadsTypedValues) {
    EXPECT_EQ(web["type"].string(), "tcp");
    EXPECT_EQ(web["rise"].integer(1, 1000), 3);
    EXPECT_EQ(web["delay_loop"].duration(), 1500ms);
    EXPECT_EQ(web["ratio"].number(), 0.5);
    EXPECT_EQ(web["weight"].number(), 2.0);  // an integer is a number too
    EXPECT_TRUE(errors().empty());
}

TEST_F(ConfigViewTest, AnAbsentKeyIsNoError) {
    EXPECT_FALSE(web["connect_ip"].present());
    EXPECT_EQ(web["connect_ip"].string(), std::nullopt);
    EXPECT_EQ(web["fall"].integer(1, 10), std::nullopt);
    EXPECT_TRUE(errors().empty());
}

TEST_F(ConfigViewTest, MistakesAreReportedWithTheirPosition) {
    EXPECT_EQ(web["retry"].integer(0, 1000), std::nullopt);
    EXPECT_EQ(web["alpha"].boolean(), std::nullopt);
    EXPECT_EQ(web["warmup"].duration(), std::nullopt);
    EXPECT_EQ(web["type"].entries().size(), 0u);
    const auto e = errors();
    ASSERT_EQ(e.size(), 4u);
    EXPECT_EQ(e[0], "r.toml:4:9: checks.web.retry: 2000 is out of range 0..1000");
    EXPECT_EQ(e[1], "r.toml:7:9: checks.web.alpha: expected a boolean, found a string");
    EXPECT_EQ(e[2].rfind("r.toml:6:10: checks.web.warmup: ", 0), 0u) << e[2];
    EXPECT_EQ(e[3], "r.toml:2:8: checks.web.type: expected a table");
}

TEST(ConfigView, AHugeDurationIsAnErrorAtItsPosition) {
    auto doc = ConfigDocument::parse("[checks.web]\ndelay_loop = \"99999999999999h\"\n", "r.toml");
    EXPECT_EQ(ConfigView(doc->root())["checks"]["web"]["delay_loop"].duration(), std::nullopt);
    ASSERT_EQ(doc->diagnostics().all().size(), 1u);
    EXPECT_EQ(doc->diagnostics().all()[0].to_string(),
              "r.toml:2:14: checks.web.delay_loop: '99999999999999h' is too long (at most 100 "
              "years)");
}

TEST_F(ConfigViewTest, EntriesAreInFileOrderAndKnown) {
    const auto entries = web.entries();
    ASSERT_EQ(entries.size(), 8u);
    EXPECT_EQ(entries[0].first, "type");
    EXPECT_EQ(entries[7].first, "ratio");
    doc->report_unknown_keys(doc->root());
    EXPECT_TRUE(errors().empty());
}

}  // namespace
}  // namespace routerd
