#include "config/document.hpp"

#include <routerd/plugin.hpp>

#include <gtest/gtest.h>

#include "host/plugin_host.hpp"
#include "test_support.hpp"

using routerd::ConfigDocument;
using routerd::ConfigNode;
using routerd::host_api;
using routerd::sdk::Config;

namespace {

Config root_of(ConfigDocument& doc) {
    return Config(nullptr, &host_api(), doc.root().as_c());
}

std::vector<std::string> errors(ConfigDocument& doc) {
    std::vector<std::string> out;
    for (const auto& d : doc.diagnostics().all())
        out.push_back(d.to_string());
    return out;
}

}  // namespace

TEST(ConfigDocument, SyntaxErrorHasPosition) {
    auto doc = ConfigDocument::parse("[vrrp]\npriority = = 3\n", "r.toml");
    const auto e = errors(*doc);
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].rfind("r.toml:2:", 0), 0u) << e[0];
}

TEST(ConfigDocument, TypedValuesAndPaths) {
    auto doc = ConfigDocument::parse(R"(
[vrrp.instance.VI_1]
priority = 150
advert_int = "100ms"
nopreempt = true
weight = 1.5
addresses = ["172.16.0.100/32", "172.16.0.101/32"]
)",
                                     "r.toml");
    Config vi = root_of(*doc)["vrrp"]["instance"]["VI_1"];
    EXPECT_EQ(vi.path(), "vrrp.instance.VI_1");
    EXPECT_EQ(vi["priority"].integer(1, 255), 150);
    EXPECT_EQ(vi["advert_int"].duration(), std::chrono::milliseconds(100));
    EXPECT_EQ(vi["nopreempt"].boolean(), true);
    EXPECT_EQ(vi["weight"].number(), 1.5);
    EXPECT_EQ(vi["priority"].number(), 150.0);  // an integer is a number too
    const auto items = vi["addresses"].items();
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[1].string(), "172.16.0.101/32");
    EXPECT_EQ(items[1].path(), "vrrp.instance.VI_1.addresses[1]");
    EXPECT_FALSE(vi["absent"].present());
    EXPECT_EQ(vi["absent"].string(), std::nullopt);
    EXPECT_TRUE(doc->diagnostics().empty()) << doc->diagnostics().to_string();
}

TEST(ConfigDocument, EntriesInFileOrder) {
    auto doc = ConfigDocument::parse("[t]\nzeta = 1\nalpha = 2\nmid = 3\n", "r.toml");
    std::vector<std::string> keys;
    for (const auto& [key, value] : root_of(*doc)["t"].entries())
        keys.push_back(key);
    EXPECT_EQ(keys, (std::vector<std::string>{"zeta", "alpha", "mid"}));
}

TEST(ConfigDocument, TypeAndRangeErrorsNameFileLineColumnAndKey) {
    auto doc = ConfigDocument::parse(R"([vrrp.instance.VI_1]
priority = 300
advert_int = 1
state = "MASTR"
nopreempt = "yes"
)",
                                     "routerd.toml");
    Config vi = root_of(*doc)["vrrp"]["instance"]["VI_1"];
    EXPECT_EQ(vi["priority"].integer(1, 255), std::nullopt);
    EXPECT_EQ(vi["advert_int"].duration(), std::nullopt);
    EXPECT_EQ(vi["state"].one_of({"MASTER", "BACKUP"}), std::nullopt);
    EXPECT_EQ(vi["nopreempt"].boolean(), std::nullopt);
    const auto e = errors(*doc);
    ASSERT_EQ(e.size(), 4u);
    EXPECT_EQ(e[0], "routerd.toml:2:12: vrrp.instance.VI_1.priority: 300 is out of range 1..255");
    EXPECT_EQ(e[1],
              "routerd.toml:3:14: vrrp.instance.VI_1.advert_int: expected a string, found an "
              "integer");
    EXPECT_EQ(e[2],
              "routerd.toml:4:9: vrrp.instance.VI_1.state: 'MASTR' is not one of MASTER, BACKUP");
    EXPECT_EQ(e[3],
              "routerd.toml:5:13: vrrp.instance.VI_1.nopreempt: expected a boolean, found a "
              "string");
}

TEST(ConfigDocument, BadDurationText) {
    auto doc = ConfigDocument::parse("[a]\nt = \"5 sec\"\n", "r.toml");
    EXPECT_EQ(root_of(*doc)["a"]["t"].duration(), std::nullopt);
    const auto e = errors(*doc);
    ASSERT_EQ(e.size(), 1u);
    EXPECT_NE(e[0].find("r.toml:2:5: a.t: '5 sec' is not a duration"), std::string::npos) << e[0];
}

TEST(ConfigDocument, MissingKeyReportedAtItsTable) {
    auto doc = ConfigDocument::parse("\n[checks.web]\ntarget = \"x\"\n", "r.toml");
    Config type = root_of(*doc)["checks"]["web"]["type"];
    type.error("is required");
    const auto e = errors(*doc);
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].rfind("r.toml:2:", 0), 0u) << e[0];
    EXPECT_NE(e[0].find("checks.web.type: is required"), std::string::npos);
}

// Several plugins read [global]: one mistake there is one error, however many report it.
TEST(ConfigDocument, TheSameErrorReportedTwiceIsListedOnce) {
    auto doc = ConfigDocument::parse("[global]\nscript_user = \"nobody-here\"\n", "r.toml");
    Config user = root_of(*doc)["global"]["script_user"];
    user.error("unknown user \"nobody-here\"");
    user.error("unknown user \"nobody-here\"");
    user.error("another message");
    EXPECT_EQ(errors(*doc), (std::vector<std::string>{
                                "r.toml:2:15: global.script_user: unknown user \"nobody-here\"",
                                "r.toml:2:15: global.script_user: another message"}));
}

TEST(ConfigDocument, UnknownKeysWithDidYouMean) {
    auto doc = ConfigDocument::parse(R"([vrrp]
priorty = 100
interface = "eth0"
colour = "blue"
[vrrp.auth]
typ = "PASS"
)",
                                     "r.toml");
    Config vrrp = root_of(*doc)["vrrp"];
    vrrp["priority"].integer(1, 255);
    vrrp["interface"].string();
    vrrp["auth"]["type"].string();
    doc->report_unknown_keys(doc->root());
    const auto e = errors(*doc);
    ASSERT_EQ(e.size(), 3u) << doc->diagnostics().to_string();
    EXPECT_EQ(e[0], "r.toml:2:1: vrrp.priorty: unknown key 'priorty' (did you mean 'priority'?)");
    EXPECT_EQ(e[1], "r.toml:4:1: vrrp.colour: unknown key 'colour'");
    EXPECT_EQ(e[2], "r.toml:6:1: vrrp.auth.typ: unknown key 'typ' (did you mean 'type'?)");
}

TEST(ConfigDocument, UnvisitedTablesAreAllUnknown) {
    auto doc = ConfigDocument::parse("[a.b]\nx = 1\n", "r.toml");
    root_of(*doc)["a"];  // a is known, but nobody looks inside b
    doc->report_unknown_keys(doc->root());
    const auto e = errors(*doc);
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0], "r.toml:1:4: a.b: unknown key 'b'");
}

TEST(ConfigDocument, IncludesMergeTablesFromGlobs) {
    routerd::test::TempDir dir;
    const auto main =
        dir.write("routerd.toml", "include = [\"conf.d/*.toml\"]\n[vrrp]\nrouter_id = \"a\"\n");
    dir.write("conf.d/10-vi1.toml", "[vrrp.instance.VI_1]\npriority = 100\n");
    dir.write("conf.d/20-vi2.toml", "[vrrp.instance.VI_2]\npriority = 50\n");
    auto doc = ConfigDocument::load(main);
    ASSERT_TRUE(doc->diagnostics().empty()) << doc->diagnostics().to_string();
    Config instances = root_of(*doc)["vrrp"]["instance"];
    EXPECT_EQ(instances.count(), 2u);
    Config vi2 = instances["VI_2"]["priority"];
    EXPECT_EQ(vi2.integer(1, 255), 50);
    // Errors in an included file name that file.
    vi2.error("example");
    EXPECT_NE(errors(*doc)[0].find("20-vi2.toml:2:12: vrrp.instance.VI_2.priority: example"),
              std::string::npos)
        << errors(*doc)[0];
}

TEST(ConfigDocument, IncludeConflictsAndMissingFiles) {
    routerd::test::TempDir dir;
    const auto main = dir.write("routerd.toml",
                                "include = [\"a.toml\", \"missing.toml\", \"none/*.toml\"]\n"
                                "[vrrp]\nrouter_id = \"a\"\n");
    dir.write("a.toml", "[vrrp]\nrouter_id = \"b\"\n");
    auto doc = ConfigDocument::load(main);
    const auto e = errors(*doc);
    ASSERT_EQ(e.size(), 2u) << doc->diagnostics().to_string();
    EXPECT_NE(e[0].find("missing.toml': no such file"), std::string::npos) << e[0];
    EXPECT_NE(e[1].find("a.toml:2:1: vrrp.router_id: already defined at"), std::string::npos)
        << e[1];
    EXPECT_NE(e[1].find("routerd.toml:3:"), std::string::npos) << e[1];
}

TEST(ConfigDocument, IncludeCyclesAreHarmless) {
    routerd::test::TempDir dir;
    const auto main = dir.write("routerd.toml", "include = \"b.toml\"\n[a]\nx = 1\n");
    dir.write("b.toml", "include = \"routerd.toml\"\n[b]\ny = 2\n");
    auto doc = ConfigDocument::load(main);
    EXPECT_TRUE(doc->diagnostics().empty()) << doc->diagnostics().to_string();
    EXPECT_EQ(root_of(*doc)["b"]["y"].integer(0, 9), 2);
}

TEST(ConfigDocument, MissingMainFile) {
    auto doc = ConfigDocument::load("/nonexistent/routerd.toml");
    const auto e = errors(*doc);
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0], "/nonexistent/routerd.toml: no such file");
}
